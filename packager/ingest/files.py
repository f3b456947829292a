"""What an input file is: its kind by name, its stem, and the checks made before reading.

A file whose name is not UTF-8 or holds a control character, a link loop, a link
out of its input folder and anything that is not a regular file (a FIFO would
block the build) is found here and carries its rejection, never opened.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from packager.ingest.raw import Rejection, display_path

InputKind = Literal["text", "jsonl", "html", "metadata"]
SIDECAR_SUFFIX = ".meta.json"
ARTICLE_SUFFIXES = {"text": (".txt",), "html": (".html.gz", ".htm.gz", ".html", ".htm")}


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read; ``relpath`` (POSIX, relative to its input) names it everywhere."""

    path: Path
    relpath: str
    kind: InputKind
    rejection: Rejection | None = None  # found unfit before reading (name, link, not a file)
    sidecar: InputFile | None = None  # a .txt or HTML article's NAME.meta.json


def article_stem(relpath: str, kind: InputKind) -> str:
    """The path without its article suffix (``a/b.html.gz`` -> ``a/b``)."""
    lowered = relpath.lower()
    for suffix in ARTICLE_SUFFIXES.get(kind, ()):
        if lowered.endswith(suffix):
            return relpath[: -len(suffix)]
    return relpath


def sidecar_stem(relpath: str) -> str:
    """The path without ``.meta.json``, in any case (``a/b.META.JSON`` -> ``a/b``)."""
    return relpath[: -len(SIDECAR_SUFFIX)]


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


def contains(folder: str, path: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def checked(input_file: InputFile, inside: str | None) -> InputFile:
    """The file, with a rejection if it must not be read (``inside``: the root it must stay in)."""
    problem = problem_of(input_file, inside)
    if problem is None:
        return input_file
    reason, why = problem
    shown = display_path(input_file.relpath)
    rejection = Rejection(reason, f"{shown}: {why}", shown)
    return replace(input_file, rejection=rejection)


def problem_of(input_file: InputFile, inside: str | None) -> tuple[str, str] | None:
    shown = display_path(input_file.relpath)
    if shown != input_file.relpath:
        return (
            "invalid-file-name",
            "the file name is not UTF-8 or holds a control character (shown escaped); "
            "rename the file",
        )
    path = input_file.path
    try:
        is_link = path.is_symlink()
    except OSError:  # a path past PATH_MAX: reading it fails, and says so
        return None
    if is_link and inside is not None:
        target = os.path.realpath(path)
        if not contains(inside, target):
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
