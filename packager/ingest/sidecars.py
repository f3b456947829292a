"""Which ``NAME.meta.json`` belongs to which article, in a folder or beside a given file.

The suffix may be in any case (``NAME.META.JSON``); a file given directly brings
the sidecar beside it, so ``packager build folder/*`` reads what ``packager build
folder`` reads; two articles of one stem (``a.txt``, ``a.html``) share one.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from packager.ingest.files import (
    SIDECAR_SUFFIX,
    InputFile,
    article_stem,
    checked,
    kind_of,
    sidecar_stem,
)
from packager.ingest.raw import display_path


def given_file(given: Path, listings: dict[Path, dict[str, list[str]]]) -> InputFile:
    """A file named on the command line, with the sidecar beside it (any case of suffix)."""
    kind = kind_of(given.name) or "text"
    article = checked(InputFile(given, given.name, kind), None)
    if kind not in ("text", "html"):
        return article
    wanted = article_stem(given.name, kind) + SIDECAR_SUFFIX
    if given.parent not in listings:
        names: dict[str, list[str]] = {}
        try:
            for name in sorted(os.listdir(given.parent)):
                names.setdefault(name.lower(), []).append(name)
        except OSError:
            pass
        listings[given.parent] = names
    found = listings[given.parent].get(wanted.lower())
    if not found:
        return article
    sidecar = checked(InputFile(given.with_name(found[0]), found[0], "metadata"), None)
    return replace(article, sidecar=sidecar)


def paired(found: list[InputFile]) -> tuple[list[InputFile], list[str]]:
    """One folder's files, each .txt or HTML article with its sidecar; the sidecars
    listed after the articles; a sidecar without an article noted as ignored."""
    sidecars: dict[str, InputFile] = {}
    ignored: list[str] = []
    for input_file in found:
        if input_file.kind != "metadata":
            continue
        key = sidecar_stem(input_file.relpath)
        if key in sidecars:
            first = display_path(sidecars[key].relpath)
            ignored.append(
                f"{display_path(input_file.relpath)}: a second sidecar ({first} is read)"
            )
        else:
            sidecars[key] = input_file
    articles: list[InputFile] = []
    used: set[str] = set()
    for input_file in found:
        if input_file.kind in ("text", "html"):
            key = article_stem(input_file.relpath, input_file.kind)
            if key in sidecars:
                used.add(key)
                input_file = replace(input_file, sidecar=sidecars[key])
        if input_file.kind != "metadata":
            articles.append(input_file)
    for key, sidecar in sidecars.items():
        if key not in used:
            ignored.append(
                f"{display_path(sidecar.relpath)}: metadata sidecar without a matching .txt or "
                ".html"
            )
    return articles, ignored


def unmatched(given: list[InputFile], per_root: list[list[InputFile]]) -> list[str]:
    """Sidecars named on the command line that no article named there reads."""
    read = {
        os.path.realpath(a.sidecar.path) for articles in per_root for a in articles if a.sidecar
    }
    return [
        f"{display_path(s.relpath)}: metadata sidecar without a matching .txt or .html"
        for s in given
        if os.path.realpath(s.path) not in read
    ]
