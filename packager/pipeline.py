"""The steps an article travels through.

First pass (:func:`survey_corpus`): read → assemble → count paragraph repeats
and find duplicate articles. Second pass: read → :func:`process_article`
(assemble → annotate: kinds, flags, duplicates, language → policy: --drop,
--dedup → check) → unique IDs.

A :class:`Rejection` passes through every later step untouched, so the writer
sees every input unit exactly once, accepted or rejected. Only the survey and
the last step (unique IDs) keep state across articles, which is why
:func:`process_article` can run in worker processes (:mod:`packager.executor`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from packager.assemble import AssembledArticle, assemble
from packager.check.validator import RecordChecker
from packager.checksums import sha256_file
from packager.errors import IdCollisionError
from packager.ingest.discover import Discovery, InputFile
from packager.ingest.html_files import read_html_article
from packager.ingest.jsonl_files import read_jsonl_articles
from packager.ingest.raw import RawArticle, Rejection, where
from packager.ingest.text_files import read_sidecar, read_text_article
from packager.quality.annotate import annotate, body_texts
from packager.quality.policy import apply_policy
from packager.quality.survey import CorpusSurvey, SurveyEntry, evidence_groups, survey_entry
from packager.settings import BuildSettings

Item = AssembledArticle | Rejection


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
    metadata = None
    sidecar = discovery.sidecar_for(input_file)
    if sidecar is not None and sidecar.rejection is not None:
        problem = sidecar.rejection
        return Rejection(problem.reason, problem.message, input_file.relpath)
    if sidecar is not None:
        sidecar_digest = _digest(sidecar)
        if isinstance(sidecar_digest, Rejection):
            return Rejection(sidecar_digest.reason, sidecar_digest.message, input_file.relpath)
        inventory.add(sidecar, *sidecar_digest)
        metadata = read_sidecar(sidecar.path, sidecar.relpath, settings.limits)
        if isinstance(metadata, Rejection):
            return Rejection(metadata.reason, metadata.message, input_file.relpath)
    if input_file.kind == "html":
        return read_html_article(
            input_file.path, input_file.relpath, sha256, metadata, settings.html, settings.limits
        )
    return read_text_article(input_file.path, input_file.relpath, sha256, metadata, settings.limits)


def assemble_articles(
    items: Iterable[RawArticle | Rejection], settings: BuildSettings
) -> Iterator[Item]:
    for item in items:
        yield item if isinstance(item, Rejection) else assemble(item, settings)


def survey_article(raw: RawArticle | Rejection, settings: BuildSettings) -> SurveyEntry | None:
    """What the first pass needs of one article (None for a rejection): pure."""
    if isinstance(raw, Rejection):
        return None
    item = assemble(raw, settings)
    if isinstance(item, Rejection):
        return None
    texts = [paragraph["text"] for paragraph in item.paragraphs]
    groups = evidence_groups(item.article["publisher"], item.article["source"]["path"])
    num_perm = settings.quality.minhash_permutations
    return survey_entry(item.article_id, groups, texts, body_texts(texts), num_perm)


def check_article(item: AssembledArticle, checker: RecordChecker) -> Item:
    """The article and every paragraph record against their schemas (pure, given the checker)."""
    findings = [
        {**finding, "message": f"article: {finding['message']}"}
        for finding in checker.findings("article", item.article)
    ]
    for paragraph in item.paragraphs:
        findings.extend(
            {**finding, "message": f"paragraph {paragraph['index']}: {finding['message']}"}
            for finding in checker.findings("paragraph", paragraph)
        )
    if not findings:
        return item
    source = item.article["source"]
    line = item.source_line
    first = findings[0]
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    return Rejection(
        "schema-invalid",
        f"{where(source['path'], line)}: {first['message']} at {first['pointer'] or '/'}"
        f"{more}; fix the input's metadata",
        source["path"],
        line,
        item.article_id,
        tuple(findings),
    )


def process_article(
    raw: RawArticle | Rejection,
    settings: BuildSettings,
    survey: CorpusSurvey | None,
    checker: RecordChecker,
) -> Item:
    """Everything that happens to one article in the second pass, but the unique-ID check.

    Pure given its arguments, so it runs the same in this process, a worker process
    or on a cluster (:mod:`packager.executor`).
    """
    if isinstance(raw, Rejection):
        return raw
    item = assemble(raw, settings)
    if isinstance(item, Rejection):
        return item
    item = apply_policy(annotate(item, survey, settings), settings)
    if isinstance(item, Rejection):
        return item
    return check_article(item, checker)


_SAME_KEY = {
    "id": "the same id",
    "url": "the same URL",
    "path": "the same path",
    "text": "the same text, and no id or URL",
}
"""What two articles with one ID share, by the kind of key (``identify.article_key``)."""


def unique_ids(items: Iterable[Item]) -> Iterator[Item]:
    """Reject a second article with an ID already used; stop on a paragraph ID collision."""
    articles: dict[str, str] = {}
    paragraphs: dict[str, str] = {}
    for item in items:
        if isinstance(item, Rejection):
            yield item
            continue
        source = item.article["source"]
        place = where(source["path"], item.source_line)
        first = articles.get(item.article_id)
        if first is not None:
            yield Rejection(
                "duplicate-id",
                f"{place}: article ID {item.article_id} is already used by {first} "
                f"({_SAME_KEY[item.key_kind]}); give each article its own id, or remove the copy",
                source["path"],
                item.source_line,
                item.article_id,
            )
            continue
        for paragraph in item.paragraphs:
            here = f"{place} paragraph {paragraph['index']}"
            other = paragraphs.setdefault(paragraph["paragraph_id"], here)
            if other != here:
                raise IdCollisionError(
                    f"paragraph ID {paragraph['paragraph_id']} is shared by {other} and {here}; "
                    "report this: it is a hash collision packager cannot resolve"
                )
        articles[item.article_id] = place
        yield item
