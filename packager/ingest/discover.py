"""Find the input files under the given paths, in a stable order."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from packager.errors import ConfigError
from packager.ingest.raw import Rejection, display_path

InputKind = Literal["text", "jsonl", "html", "metadata"]
SIDECAR_SUFFIX = ".meta.json"
ARTICLE_SUFFIXES = {"text": (".txt",), "html": (".html.gz", ".htm.gz", ".html", ".htm")}


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read; ``relpath`` (POSIX, relative to its input root) names it everywhere."""

    path: Path
    relpath: str
    kind: InputKind
    rejection: Rejection | None = None  # found unfit before reading (name, link, not a file)


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


def discover(inputs: list[Path], *, follow_links: bool = False) -> Discovery:
    """Every input file under ``inputs`` (folders searched recursively), sorted by path.

    A path given directly is read whatever its name says, as text unless it
    ends in ``.jsonl``/``.jsonl.gz``. Inside a folder, symbolic links are read
    only when they stay inside it, unless ``follow_links`` (then linked folders
    are walked too, each real folder once, so a loop ends). A file whose name
    is not UTF-8 or holds a control character, a link loop, a link out of the
    folder and anything that is not a regular file (a FIFO would block the
    build) is found here and rejected with its reason.
    """
    files: list[InputFile] = []
    ignored: list[str] = []
    for given in inputs:
        if given.is_dir():
            files_here, ignored_here = _walk(given, follow_links)
            files.extend(files_here)
            ignored.extend(ignored_here)
        elif given.exists():
            kind = kind_of(given.name) or "text"
            files.append(_checked(InputFile(given, given.name, kind), None))
        else:
            raise ConfigError(f"input {given} does not exist; pass a folder or a file")
    texts = {stem(f) for f in files if f.kind in ("text", "html")}
    orphans = [
        f for f in files if f.kind == "metadata" and f.relpath[: -len(SIDECAR_SUFFIX)] not in texts
    ]
    for orphan in orphans:
        ignored.append(
            f"{display_path(orphan.relpath)}: metadata sidecar without a matching .txt or .html"
        )
    return Discovery([f for f in files if f not in orphans], ignored)


def _walk(root: Path, follow_links: bool) -> tuple[list[InputFile], list[str]]:
    found: list[InputFile] = []
    ignored: list[str] = []
    inside = os.path.realpath(root)
    seen_folders = {inside}
    for folder, subfolders, names in os.walk(root, followlinks=follow_links):
        for name in sorted(subfolders):
            link = Path(folder) / name
            relpath = display_path(link.relative_to(root).as_posix())
            if not link.is_symlink():
                continue
            real = os.path.realpath(link)
            if not follow_links:
                subfolders.remove(name)
                ignored.append(f"{relpath}: a link to a folder, not followed (--follow-links)")
            elif real in seen_folders or _contains(inside, real) or _contains(real, inside):
                subfolders.remove(name)
                ignored.append(f"{relpath}: a link to a folder already read, not read again")
            seen_folders.add(real)
        subfolders.sort()
        for name in names:
            path = Path(folder) / name
            relpath = path.relative_to(root).as_posix()
            kind = kind_of(name)
            if kind is None:
                ignored.append(
                    f"{display_path(relpath)}: not .txt, .jsonl(.gz), .html/.htm(.gz) or .meta.json"
                )
            else:
                found.append(
                    _checked(InputFile(path, relpath, kind), None if follow_links else inside)
                )
    found.sort(key=lambda f: f.relpath)
    ignored.sort()
    return found, ignored


def _contains(folder: str, path: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _checked(input_file: InputFile, inside: str | None) -> InputFile:
    """The file, with a rejection if it must not be read (``inside``: the root it must stay in)."""
    problem = _problem(input_file, inside)
    if problem is None:
        return input_file
    reason, why = problem
    shown = display_path(input_file.relpath)
    rejection = Rejection(reason, f"{shown}: {why}", shown)
    return InputFile(input_file.path, input_file.relpath, input_file.kind, rejection)


def _problem(input_file: InputFile, inside: str | None) -> tuple[str, str] | None:
    shown = display_path(input_file.relpath)
    if shown != input_file.relpath:
        return (
            "invalid-file-name",
            "the file name is not UTF-8 or holds a control character (shown escaped); "
            "rename the file",
        )
    path = input_file.path
    if path.is_symlink() and inside is not None:
        target = os.path.realpath(path)
        if not _contains(inside, target):
            return (
                "link-outside-input",
                f"a symbolic link to {display_path(target)}, outside the input folder; not "
                "read (copy the file in, or pass --follow-links)",
            )
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink-loop", "a symbolic link that leads back to itself; remove it"
        if exc.errno == errno.ENOENT and path.is_symlink():
            return (
                "unreadable",
                f"a symbolic link to {display_path(os.readlink(path))}, which does not exist; "
                "remove the link or restore its file",
            )
        return None  # reported as unreadable when it is read
    if not stat.S_ISREG(mode):
        return (
            "not-a-file",
            "not a regular file (a pipe, socket or device); not read; remove it from the input",
        )
    return None
