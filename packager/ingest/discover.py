"""Find the input files under the given paths, in a stable order, each with its sidecar.

Every file ends as an input (read, or rejected with its reason) or as a line in
the *ignored* list that says why it is not one. Names: a file's ``relpath`` is
relative to its input; with several inputs, a name two inputs share is prefixed
with each input's own name (see :func:`packager.ingest.names.name_apart`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from packager.errors import ConfigError
from packager.ingest.files import InputFile, checked, contains, kind_of
from packager.ingest.names import name_apart
from packager.ingest.raw import Rejection, display_path
from packager.ingest.sidecars import given_file, paired, unmatched
from packager.layout import MANIFEST_NAME, PARAGRAPHS_NAME

__all__ = ["Discovery", "InputFile", "discover"]

# Folders packager itself wrote (a release, a labeling export, imported annotations, a
# merged labeled dataset, carried annotations): their JSONL is not news, so an input
# folder that holds one does not read it.
_OUTPUT_MARKERS = (
    (MANIFEST_NAME, PARAGRAPHS_NAME),
    ("export-index.json",),
    ("annotation-rejects.jsonl",),
    ("merge-rejects.jsonl",),
    ("carried.jsonl",),
)


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
        return article_file.sidecar


def discover(
    inputs: list[Path], *, follow_links: bool = False, exclude: Path | None = None
) -> Discovery:
    """Every input file under ``inputs`` (folders searched recursively), sorted by path.

    A path given directly is read whatever its name says, as text unless it
    ends in ``.jsonl``/``.jsonl.gz``, with the sidecar beside it. Inside a
    folder, hidden files and folders (``.name``), the folder ``exclude`` (the
    output) and folders packager wrote (a release, an export) are not read, and
    symbolic links are read only when they stay inside it, unless
    ``follow_links`` (then linked folders are walked too, each real folder
    once, so a loop ends). A file whose name is not UTF-8 or holds a control
    character, a link loop, a link out of the folder and anything that is not a
    regular file (a FIFO would block the build) is found here and rejected with
    its reason. An article file is read once, under the first name it is found by.
    """
    roots, ignored = _distinct_roots(inputs)
    skip = os.path.realpath(exclude) if exclude is not None else None
    listings: dict[Path, dict[str, list[str]]] = {}
    per_root: list[list[InputFile]] = []
    given_sidecars: list[InputFile] = []
    for given in roots:
        if given.is_dir() and (why := _written_by_packager(given)) is not None:
            shown = display_path(str(given)).rstrip("/")
            ignored.append(f"{shown}/: {why}, not read as news (give the folder of the articles)")
            articles: list[InputFile] = []
        elif given.is_dir():
            found, ignored_here = _walk(given, follow_links, skip)
            articles, notes = paired(found)
            ignored.extend(ignored_here + notes)
        elif kind_of(given.name) == "metadata":
            given_sidecars.append(InputFile(given, given.name, "metadata"))
            articles = []
        else:
            articles = [given_file(given, listings)]
        per_root.append(articles)
    ignored.extend(unmatched(given_sidecars, per_root))
    per_root, twice = _read_once(per_root)
    ignored.extend(twice)
    named = name_apart(roots, per_root)
    return Discovery(_with_sidecars(named), ignored)


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


def _read_once(
    per_root: list[list[InputFile]],
) -> tuple[list[list[InputFile]], list[str]]:
    """Each article file once, under the first name it was found by (a file given directly
    and in its folder, a link to a file already read). Sidecars may be shared."""
    first: dict[str, InputFile] = {}
    ignored: list[str] = []
    kept_per_root = []
    for articles in per_root:
        kept = []
        for article in articles:
            if article.rejection is None:
                real = os.path.realpath(article.path)
                if (earlier := first.get(real)) is not None:
                    ignored.append(_found_twice(article, earlier))
                    continue
                first[real] = article
            kept.append(article)
        kept_per_root.append(kept)
    return kept_per_root, ignored


def _found_twice(again: InputFile, first: InputFile) -> str:
    if os.path.abspath(again.path) == os.path.abspath(first.path):
        return f"{display_path(str(again.path))}: given twice, read once"
    return (
        f"{display_path(again.relpath)}: the same file as {display_path(first.relpath)}, read once"
    )


def _with_sidecars(articles: list[InputFile]) -> list[InputFile]:
    """The articles in reading order and, after them, every sidecar one of them reads."""
    sidecars = {a.sidecar.relpath: a.sidecar for a in articles if a.sidecar is not None}
    return articles + [sidecars[name] for name in sorted(sidecars)]


def _walk(root: Path, follow_links: bool, skip: str | None) -> tuple[list[InputFile], list[str]]:
    found: list[InputFile] = []
    ignored: list[str] = []
    inside = os.path.realpath(root)
    seen_folders = {inside}

    def unlistable(error: OSError) -> None:
        found.append(_unlistable(root, error))

    for folder, subfolders, names in os.walk(root, onerror=unlistable, followlinks=follow_links):
        for name in sorted(subfolders):
            link = Path(folder) / name
            relpath = display_path(link.relative_to(root).as_posix())
            if (why := _not_walked(link, name, skip)) is not None:
                subfolders.remove(name)
                ignored.append(f"{relpath}/: {why}, not read")
                continue
            try:
                if not link.is_symlink():
                    continue
            except OSError:
                continue  # a name too long to look at: listing it fails, and says so
            real = os.path.realpath(link)
            if not follow_links:
                subfolders.remove(name)
                ignored.append(f"{relpath}: a link to a folder, not followed (--follow-links)")
            elif real in seen_folders or contains(inside, real) or contains(real, inside):
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
                    checked(InputFile(path, relpath, kind), None if follow_links else inside)
                )
    found.sort(key=lambda f: f.relpath)
    ignored.sort()
    return found, ignored


def _not_walked(folder: Path, name: str, skip: str | None) -> str | None:
    """Why a folder inside an input is not read, or None."""
    if name.startswith("."):
        return "a hidden folder"
    if skip is not None and os.path.realpath(folder) == skip:
        return "the output folder"
    return _written_by_packager(folder)


def _written_by_packager(folder: Path) -> str | None:
    """Why ``folder`` is one packager wrote (a release, an export), or None.

    A folder that cannot be looked into is not one: listing it fails, and says so.
    """
    for marker in _OUTPUT_MARKERS:
        try:
            if all((folder / part).is_file() for part in marker):
                return f"written by packager ({marker[0]})"
        except OSError:
            return None
    return None


def _unlistable(root: Path, error: OSError) -> InputFile:
    """A folder that cannot be listed (no permission, a path past PATH_MAX): one
    ``unreadable`` reject naming the folder; the rest of the input is read."""
    folder = Path(error.filename if error.filename is not None else root)
    try:
        relpath = folder.relative_to(root).as_posix()
    except ValueError:
        relpath = str(folder)
    shown = display_path("" if relpath == "." else relpath).rstrip("/") + "/"
    if shown == "/":
        shown = display_path(str(root)).rstrip("/") + "/"
    why = error.strerror or type(error).__name__
    message = (
        f"{shown}: cannot list the folder: {why}; its files were not read (check its "
        "permissions, or shorten the path)"
    )
    return InputFile(folder, shown, "text", Rejection("unreadable", message, shown))
