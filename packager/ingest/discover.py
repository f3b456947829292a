"""Find the input files under the given paths, in a stable order."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field, replace
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
    sidecars: dict[str, InputFile] = field(default_factory=dict)  # by the article's stem

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
        return self.sidecars.get(stem(article_file))


def stem(article_file: InputFile) -> str:
    """The relative path without its article suffix (``a/b.html.gz`` -> ``a/b``; a sidecar
    ``a/b.META.json`` -> ``a/b``)."""
    lowered = article_file.relpath.lower()
    suffixes = (SIDECAR_SUFFIX,) if article_file.kind == "metadata" else ()
    for suffix in suffixes or ARTICLE_SUFFIXES.get(article_file.kind, ()):
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


def discover(
    inputs: list[Path], *, follow_links: bool = False, exclude: Path | None = None
) -> Discovery:
    """Every input file under ``inputs`` (folders searched recursively), sorted by path.

    A path given directly is read whatever its name says, as text unless it
    ends in ``.jsonl``/``.jsonl.gz``, with the sidecar beside it. Inside a
    folder, hidden files and folders (``.name``) and the folder ``exclude``
    (the output, when it lies inside an input) are not read, and symbolic links
    are read only when they stay inside it, unless ``follow_links`` (then linked
    folders are walked too, each real folder once, so a loop ends). A file whose
    name is not UTF-8 or holds a control character, a link loop, a link out of
    the folder and anything that is not a regular file (a FIFO would block the
    build) is found here and rejected with its reason. Each file is read once,
    under the first name it is found by.

    With several inputs, each file's path starts with its input's name (the
    fewest trailing parts of its path that no other input shares), so that
    ``a/story.txt`` and ``b/story.txt`` stay two articles with their own sidecars.
    """
    roots, ignored = _distinct_roots(inputs)
    skip = os.path.realpath(exclude) if exclude is not None else None
    files: list[InputFile] = []
    for given, label in zip(roots, _labels(roots), strict=True):
        if given.is_dir():
            files_here, ignored_here = _walk(given, follow_links, skip)
            files.extend(_under(label, f) for f in files_here)
            ignored.extend(f"{label}/{note}" if label else note for note in ignored_here)
        else:
            name = label or given.name
            kind = kind_of(given.name) or "text"
            files.append(_checked(InputFile(given, name, kind), None))
            if kind in ("text", "html") and (sidecar := _sidecar_beside(given)) is not None:
                sidecar_name = stem(InputFile(given, name, kind)) + SIDECAR_SUFFIX
                files.append(_checked(InputFile(sidecar, sidecar_name, "metadata"), None))
    files, ignored_twice = _read_once(files)
    ignored.extend(ignored_twice)
    stems = {stem(f) for f in files if f.kind in ("text", "html")}
    sidecars: dict[str, InputFile] = {}
    kept: list[InputFile] = []
    for input_file in files:
        if input_file.kind != "metadata":
            kept.append(input_file)
        elif stem(input_file) in stems and stem(input_file) not in sidecars:
            sidecars[stem(input_file)] = input_file
            kept.append(input_file)
        else:
            ignored.append(
                f"{display_path(input_file.relpath)}: metadata sidecar without a matching .txt "
                "or .html"
            )
    return Discovery(kept, ignored, sidecars)


def _distinct_roots(inputs: list[Path]) -> tuple[list[Path], list[str]]:
    """The inputs that exist, each real path once."""
    roots: list[Path] = []
    ignored: list[str] = []
    seen: set[str] = set()
    for given in inputs:
        if not given.exists():
            raise ConfigError(f"input {given} does not exist; pass a folder or a file")
        real = os.path.realpath(given)
        if real in seen:
            ignored.append(f"{display_path(str(given))}: given twice, read once")
            continue
        seen.add(real)
        roots.append(given)
    return roots, ignored


def _labels(roots: list[Path]) -> list[str]:
    """What each input's files are named under: nothing for one input; with several, the
    fewest trailing parts of each input's absolute path that no other input ends with."""
    if len(roots) <= 1:
        return [""] * len(roots)
    parts = [Path(os.path.abspath(root)).parts[1:] for root in roots]
    labels = []
    for index, own in enumerate(parts):
        others = [other for number, other in enumerate(parts) if number != index]
        size = next(
            (k for k in range(1, len(own)) if all(o[-k:] != own[-k:] for o in others)),
            len(own),
        )
        labels.append("/".join(own[-size:]))
    return labels


def _under(label: str, input_file: InputFile) -> InputFile:
    if not label:
        return input_file
    relpath = f"{label}/{input_file.relpath}"
    rejection = input_file.rejection
    if rejection is not None:
        message = f"{display_path(label)}/{rejection.message}"
        rejection = replace(rejection, message=message, source_path=display_path(relpath))
    return replace(input_file, relpath=relpath, rejection=rejection)


def _sidecar_beside(article: Path) -> Path | None:
    """``NAME.meta.json`` (any case of the suffix) in the folder of a file given directly."""
    wanted = (
        stem(InputFile(article, article.name, kind_of(article.name) or "text")) + SIDECAR_SUFFIX
    )
    exact = article.with_name(wanted)
    if exact.exists():
        return exact
    try:
        names = sorted(os.listdir(article.parent))
    except OSError:
        return None
    return next((article.with_name(n) for n in names if n.lower() == wanted.lower()), None)


def _read_once(files: list[InputFile]) -> tuple[list[InputFile], list[str]]:
    """``files`` with a second name of one real file left out; two inputs' files that would
    share a name are an error (rename one, or give their common folder)."""
    kept: list[InputFile] = []
    ignored: list[str] = []
    by_real: dict[str, str] = {}
    names: set[str] = set()
    for input_file in files:
        if input_file.relpath in names:
            raise ConfigError(
                f"two inputs hold a file named {display_path(input_file.relpath)}; give their "
                "common folder instead, or rename one"
            )
        if input_file.rejection is None:
            real = os.path.realpath(input_file.path)
            first = by_real.setdefault(real, input_file.relpath)
            if first != input_file.relpath:
                shown = display_path(input_file.relpath)
                ignored.append(f"{shown}: the same file as {display_path(first)}, read once")
                continue
        names.add(input_file.relpath)
        kept.append(input_file)
    return kept, ignored


def _walk(root: Path, follow_links: bool, skip: str | None) -> tuple[list[InputFile], list[str]]:
    found: list[InputFile] = []
    ignored: list[str] = []
    inside = os.path.realpath(root)
    seen_folders = {inside}
    for folder, subfolders, names in os.walk(root, followlinks=follow_links):
        for name in sorted(subfolders):
            link = Path(folder) / name
            relpath = display_path(link.relative_to(root).as_posix())
            if name.startswith("."):
                subfolders.remove(name)
                ignored.append(f"{relpath}/: a hidden folder, not read")
                continue
            if skip is not None and os.path.realpath(link) == skip:
                subfolders.remove(name)
                ignored.append(f"{relpath}/: the output folder, not read")
                continue
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
            if name.startswith("."):
                ignored.append(f"{display_path(relpath)}: a hidden file, not read")
            elif kind is None:
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
