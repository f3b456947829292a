"""Reading every input file in discovery order: articles, rejections, and the inventory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from packager.checksums import sha256_file
from packager.ingest.discover import Discovery, InputFile
from packager.ingest.html_files import read_html_article
from packager.ingest.jsonl_files import read_jsonl_articles
from packager.ingest.raw import Metadata, RawArticle, Rejection
from packager.ingest.text_files import read_sidecar, read_text_article
from packager.settings import BuildSettings


@dataclass
class Inventory:
    """The input files read, for the manifest (path, kind, bytes, sha256)."""

    files: list[dict[str, Any]] = field(default_factory=list)

    def add(self, input_file: InputFile, sha256: str, size: int) -> None:
        self.files.append(
            {"path": input_file.relpath, "kind": input_file.kind, "bytes": size, "sha256": sha256}
        )


def _digest(input_file: InputFile) -> tuple[str, int] | Rejection:
    try:
        return sha256_file(input_file.path), input_file.path.stat().st_size
    except OSError as exc:
        return Rejection(
            "unreadable",
            f"{input_file.relpath}: cannot read: {exc.strerror}; check its permissions",
            input_file.relpath,
        )


def read_inputs(
    discovery: Discovery,
    inventory: Inventory,
    settings: BuildSettings,
    on_file_done: Callable[[int], None] | None = None,
) -> Iterator[RawArticle | Rejection]:
    """Every article (or rejection) of every input file, in discovery order."""
    for input_file in discovery.files:
        if input_file.kind == "metadata":
            continue  # read with its .txt file
        if input_file.rejection is not None:
            yield input_file.rejection
            continue
        digest = _digest(input_file)
        if isinstance(digest, Rejection):
            yield digest
            continue
        sha256, size = digest
        inventory.add(input_file, sha256, size)
        if input_file.kind == "jsonl":
            yield from read_jsonl_articles(
                input_file.path, input_file.relpath, sha256, settings.limits
            )
        else:
            yield _read_article_file(discovery, input_file, sha256, inventory, settings)
        if on_file_done is not None:
            on_file_done(size)


def _read_article_file(
    discovery: Discovery,
    input_file: InputFile,
    sha256: str,
    inventory: Inventory,
    settings: BuildSettings,
) -> RawArticle | Rejection:
    """A .txt or HTML article with the metadata of its sidecar, if it has one."""
    metadata: Metadata | None = None
    sidecar = discovery.sidecar_for(input_file)
    if sidecar is not None and sidecar.rejection is not None:
        problem = sidecar.rejection
        return Rejection(problem.reason, problem.message, input_file.relpath)
    if sidecar is not None:
        sidecar_digest = _digest(sidecar)
        if isinstance(sidecar_digest, Rejection):
            return Rejection(sidecar_digest.reason, sidecar_digest.message, input_file.relpath)
        inventory.add(sidecar, *sidecar_digest)
        read = read_sidecar(sidecar.path, sidecar.relpath, settings.limits)
        if isinstance(read, Rejection):
            return Rejection(read.reason, read.message, input_file.relpath)
        metadata = read
    if input_file.kind == "html":
        return read_html_article(
            input_file.path, input_file.relpath, sha256, metadata, settings.html, settings.limits
        )
    return read_text_article(input_file.path, input_file.relpath, sha256, metadata, settings.limits)
