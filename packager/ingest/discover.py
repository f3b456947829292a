"""Find the input files under the given paths, in a stable order."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from packager.errors import ConfigError

InputKind = Literal["text", "jsonl", "html", "metadata"]
SIDECAR_SUFFIX = ".meta.json"
ARTICLE_SUFFIXES = {"text": (".txt",), "html": (".html.gz", ".htm.gz", ".html", ".htm")}


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read; ``relpath`` (POSIX, relative to its input root) names it everywhere."""

    path: Path
    relpath: str
    kind: InputKind


@dataclass(frozen=True, slots=True)
class Discovery:
    files: list[InputFile]  # articles' files and their sidecars, in reading order
    ignored: list[str]  # files that are not inputs, with why

    def total_bytes(self) -> int:
        """Bytes of every input file (sidecars included), for progress reporting."""
        total = 0
        for input_file in self.files:
            try:
                total += input_file.path.stat().st_size
            except OSError:
                continue  # reported as unreadable when it is read
        return total

    def sidecar_for(self, article_file: InputFile) -> InputFile | None:
        """``NAME.meta.json`` beside ``NAME.txt`` or ``NAME.html``."""
        return self._sidecars().get(stem(article_file) + SIDECAR_SUFFIX)

    def _sidecars(self) -> dict[str, InputFile]:
        return {f.relpath: f for f in self.files if f.kind == "metadata"}


def stem(article_file: InputFile) -> str:
    """The relative path without its article suffix (``a/b.html.gz`` -> ``a/b``)."""
    lowered = article_file.relpath.lower()
    for suffix in ARTICLE_SUFFIXES.get(article_file.kind, ()):
        if lowered.endswith(suffix):
            return article_file.relpath[: -len(suffix)]
    return article_file.relpath


def kind_of(name: str) -> InputKind | None:
    lowered = name.lower()
    if lowered.endswith(SIDECAR_SUFFIX):
        return "metadata"
    if lowered.endswith(".txt"):
        return "text"
    if lowered.endswith((".jsonl", ".jsonl.gz")):
        return "jsonl"
    if lowered.endswith(ARTICLE_SUFFIXES["html"]):
        return "html"
    return None


def discover(inputs: list[Path]) -> Discovery:
    """Every input file under ``inputs`` (folders searched recursively), sorted by path.

    A path given directly is read whatever its name says, as text unless it
    ends in ``.jsonl``/``.jsonl.gz``. Symbolic links to folders are not followed.
    """
    files: list[InputFile] = []
    ignored: list[str] = []
    for given in inputs:
        if given.is_dir():
            files_here, ignored_here = _walk(given)
            files.extend(files_here)
            ignored.extend(ignored_here)
        elif given.exists():
            files.append(InputFile(given, given.name, kind_of(given.name) or "text"))
        else:
            raise ConfigError(f"input {given} does not exist; pass a folder or a file")
    texts = {stem(f) for f in files if f.kind in ("text", "html")}
    orphans = [
        f for f in files if f.kind == "metadata" and f.relpath[: -len(SIDECAR_SUFFIX)] not in texts
    ]
    for orphan in orphans:
        ignored.append(f"{orphan.relpath}: metadata sidecar without a matching .txt or .html")
    return Discovery([f for f in files if f not in orphans], ignored)


def _walk(root: Path) -> tuple[list[InputFile], list[str]]:
    found: list[InputFile] = []
    ignored: list[str] = []
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in names:
            path = Path(folder) / name
            relpath = path.relative_to(root).as_posix()
            kind = kind_of(name)
            if kind is None:
                ignored.append(f"{relpath}: not .txt, .jsonl(.gz), .html/.htm(.gz) or .meta.json")
            else:
                found.append(InputFile(path, relpath, kind))
    found.sort(key=lambda f: f.relpath)
    ignored.sort()
    return found, ignored
