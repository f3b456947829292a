"""The names input files go by when several inputs are given.

A file's name (its ``source.path``, part of a path-keyed article ID) is its path
relative to its input, exactly as with one input, so that adding an input never
renames the files of the others. Only files of one name in two inputs are named
apart: each is prefixed with its input's *label*, the fewest trailing parts of
the input's absolute path that no other input ends with (``north/story.txt``
and ``south/story.txt``; ``2025/x.txt`` and ``2026/x.txt`` for two files named
``x.txt`` given directly). Their sidecars follow them.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

from packager.errors import ConfigError
from packager.ingest.files import InputFile
from packager.ingest.raw import Rejection, display_path


def name_apart(roots: list[Path], per_root: list[list[InputFile]]) -> list[InputFile]:
    """Every input's files in order, the names two inputs share prefixed with labels."""
    counts = Counter(f.relpath for files in per_root for f in files)
    shared = {name for name, count in counts.items() if count > 1}
    if not shared:
        return [f for files in per_root for f in files]
    named = []
    for root, label, files in zip(roots, input_labels(roots), per_root, strict=True):
        for input_file in files:
            if input_file.relpath in shared:
                input_file = _labelled(input_file, label, root.is_dir())
            named.append(input_file)
    clash = next((n for n, c in Counter(f.relpath for f in named).items() if c > 1), None)
    if clash is not None:  # a labelled name equal to another input's own (contrived)
        raise ConfigError(
            f"two inputs hold a file named {display_path(clash)}; give their common folder "
            "instead, or rename one"
        )
    return named


def input_labels(roots: list[Path]) -> list[str]:
    """For each input, the fewest trailing parts of its absolute path no other ends with."""
    parts = [Path(os.path.abspath(root)).parts[1:] for root in roots]
    labels: list[str | None] = [None] * len(roots)
    depth = 1
    while None in labels:
        tails = Counter(own[-depth:] for own in parts)
        for index, own in enumerate(parts):
            if labels[index] is None and (tails[own[-depth:]] == 1 or depth >= len(own)):
                labels[index] = "/".join(own[-depth:])
        depth += 1
    return [label or "" for label in labels]


def _labelled(input_file: InputFile, label: str, in_folder: bool) -> InputFile:
    """The file (and its sidecar) under its input's label."""
    relpath = _under(label, input_file.relpath, in_folder)
    sidecar = input_file.sidecar
    if sidecar is not None:
        sidecar = replace(sidecar, relpath=_under(label, sidecar.relpath, in_folder))
    rejection = input_file.rejection
    shown = display_path(relpath)
    if shown != relpath and rejection is None:  # the label itself is not UTF-8
        rejection = Rejection(
            "invalid-file-name",
            f"{shown}: the folder name is not UTF-8 or holds a control character (shown "
            "escaped); rename the folder",
            shown,
        )
    elif rejection is not None:
        old = display_path(input_file.relpath)
        message = shown + rejection.message.removeprefix(old)
        rejection = replace(rejection, message=message, source_path=shown)
    return replace(input_file, relpath=relpath, sidecar=sidecar, rejection=rejection)


def _under(label: str, relpath: str, in_folder: bool) -> str:
    """A name inside a labelled folder input, or a file input's own name under its label
    (whose last part is the name of the file given, here replaced by ``relpath``)."""
    if in_folder:
        return f"{label}/{relpath}"
    parent = label.rpartition("/")[0]
    return f"{parent}/{relpath}" if parent else relpath
