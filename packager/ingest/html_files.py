"""Read one HTML page (``.html``, ``.htm``, optionally gzipped) into a raw article.

Extraction is trafilatura's, the field's reference extractor, set to favour
precision and leave out comments and tables, so navigation, cookie banners,
share buttons, related stories and newsletter boxes stay out. Its output tree
keeps the line of the source element of every paragraph, which becomes the
paragraph's provenance (line, that line's bytes, and the element: ``p``,
``h2``, ``item``...).

Bytes are decoded here, not by the page's declaration, which often lies: UTF-8
first (it cannot be confused with anything else), then the declared charset if
it decodes cleanly (and is not a UTF-8 claim that just failed), then
charset-normalizer's best guess. When several single-byte code pages decode the
page equally cleanly, windows-1252 wins: it is what the WHATWG Encoding
standard, and so every browser, falls back to for unlabelled Western pages.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from pathlib import Path
from typing import Any

import trafilatura
from charset_normalizer import from_bytes

from packager.ingest.raw import Metadata, RawArticle, Rejection
from packager.settings import HtmlSettings

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BLOCKS = {"p", "head", "quote", "item", "cell"}
_HTML_LANG = re.compile(
    r"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", re.IGNORECASE
)


def decode_html(data: bytes) -> tuple[str, str]:
    """The page as text, and the encoding that decoded it."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _DECLARED.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            return data.decode(name), codecs.lookup(name).name
        except (LookupError, UnicodeDecodeError):
            pass
    return _guess(data)


def _guess(data: bytes) -> tuple[str, str]:
    results = from_bytes(data)
    best = results.best()
    if best is None:
        return data.decode("windows-1252", "replace"), "windows-1252"
    tied = [match for match in results if match.chaos == best.chaos]
    chosen = next((match for match in tied if match.encoding == "cp1252"), best)
    return str(chosen), chosen.encoding


def _line_bytes(data: bytes) -> list[tuple[int, int]]:
    """Byte range of every line (1-based index - 1), line break excluded."""
    ranges = []
    start = 0
    for match in re.finditer(rb"\r\n|\r|\n", data):
        ranges.append((start, match.start()))
        start = match.end()
    ranges.append((start, len(data)))
    return ranges


def _is_nested_block(element: Any) -> bool:
    """A list item holding a list, or a paragraph inside another block: its parts count."""
    if element.tag == "item" and element.find("list") is not None:
        return True
    parent = element.getparent()
    return element.tag == "p" and parent is not None and parent.tag in _BLOCKS


def _paragraphs(body: Any, title: str | None) -> list[tuple[str, str, int | None]]:
    """(text, element, source line) of each block of the extracted tree, in order."""
    found = []
    for element in body.iter():
        if element.tag not in _BLOCKS or (
            element.tag == "item" and element.find("list") is not None
        ):
            continue
        if (
            element.tag == "p"
            and element.getparent() is not None
            and element.getparent().tag in _BLOCKS
        ):
            continue
        text = " ".join("".join(element.itertext()).split())
        if not text:
            continue
        name = element.get("rend") if element.tag == "head" and element.get("rend") else element.tag
        found.append((text, name, element.sourceline))
    if found and title and found[0][0] == " ".join(title.split()):
        found.pop(0)  # the headline is the title, not a paragraph
    return found


def read_html_article(
    path: Path, relpath: str, sha256: str, sidecar: Metadata | None, settings: HtmlSettings
) -> RawArticle | Rejection:
    try:
        raw = path.read_bytes()
        data = gzip.decompress(raw) if relpath.lower().endswith(".gz") else raw
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return Rejection("unreadable", f"{relpath}: cannot read: {reason}", relpath)
    if not data.strip():
        return Rejection(
            "empty-file", f"{relpath}: the file is empty; remove it or fill it", relpath
        )
    text, encoding = decode_html(data)
    document = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=settings.include_comments,
        include_tables=settings.include_tables,
        favor_precision=settings.favor == "precision",
        favor_recall=settings.favor == "recall",
    )
    paragraphs = _paragraphs(document.body, document.title) if document is not None else []
    if not paragraphs:
        return Rejection(
            "no-content",
            f"{relpath}: no article text found in the page; is it an article?",
            relpath,
        )
    lines = _line_bytes(data)
    positions = tuple(
        (line, line, *lines[line - 1])
        if line and line <= len(lines)
        else (1, len(lines), 0, len(data))
        for _, _, line in paragraphs
    )
    metadata = _metadata(document, text, encoding)
    if sidecar is not None:
        metadata = sidecar.over(metadata)
    return RawArticle(
        relpath,
        sha256,
        "\n".join(paragraph for paragraph, _, _ in paragraphs),
        metadata,
        "document",
        line=1,
        line_last=len(lines),
        byte_start=0,
        byte_end=len(data),
        convention="html",
        elements=tuple(element for _, element, _ in paragraphs),
        positions=positions,
    )


def _metadata(document: Any, text: str, encoding: str) -> Metadata:
    authors = tuple(a.strip() for a in (document.author or "").split(";") if a.strip())
    language = None
    match = re.search(
        r"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)",
        text[:4096],
        re.IGNORECASE,
    )
    if match:
        language = match.group(1).lower()
    return Metadata(
        url=document.url,
        title=document.title,
        publisher=document.sitename,
        published_at=document.date,
        authors=authors,
        language=language,
        extra={"html_encoding": encoding},
    )
