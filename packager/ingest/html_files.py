"""Read one HTML page (``.html``, ``.htm``, optionally gzipped) into a raw article.

Extraction is trafilatura's, the field's reference extractor, set to favour
precision and leave out comments and tables, so navigation, cookie banners,
share buttons, related stories and newsletter boxes stay out. One ``<br>`` is a
space; two or more in a row end a paragraph. Each paragraph is then located in
the page's own text (``html_locate``), and the page's bytes are decoded by
``decode.decode_page``: the page's charset claim is trusted only when it decodes
to clean, plausible HTML.
"""

from __future__ import annotations

import gzip
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from packager.ingest.decode import decode_page
from packager.ingest.html_locate import PageIndex, locate
from packager.ingest.raw import Metadata, RawArticle, Rejection, too_large
from packager.settings import HtmlSettings, InputLimits

SHELL_CHARS = 200  # less visible text than this: a shell page, or not an article
MAX_PARSED_DEPTH = 255  # libxml2's nesting limit without XML_PARSE_HUGE (lxml huge_tree)
# libxml2 checks each attribute against the tag's others (time grows with the square of
# their number: 10,000 take a second, 200,000 hours) and drops an attribute value past
# 10,000,000 characters without XML_PARSE_HUGE. Real pages stay far below both.
MAX_ATTRIBUTES = 1_000
MAX_TAG_CHARS = 10_000_000
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{4096,}")  # only long tags can break either limit
_ATTRIBUTE = re.compile(r"""[\s"'][^\s=<>"'/]+\s*=""")
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)

# A run of two or more <br> (with spaces or &nbsp; between): a paragraph ends there. The
# mark is a Unicode noncharacter, for a program's internal use, which pages do not hold.
_BR_RUN = re.compile(r"<br\b[^>]*>(?:(?:\s|&nbsp;|&#160;)*<br\b[^>]*>)+", re.IGNORECASE)
_BREAK_MARK = "\ufdd0"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BLOCKS = {"p", "head", "quote", "item", "cell"}


def decode_html(data: bytes) -> tuple[str, str]:
    """The page as text, and the encoding that decoded it (rule: ``decode_page``)."""
    page = decode_page(data)
    return page.text, page.encoding


def _is_nested_block(element: Any) -> bool:
    """A list item holding a list, or a paragraph inside another block: its parts count."""
    if element.tag == "item" and element.find("list") is not None:
        return True
    parent = element.getparent()
    return element.tag == "p" and parent is not None and parent.tag in _BLOCKS


def _paragraphs(body: Any, title: str | None) -> list[tuple[str, str]]:
    """(text, element) of each block of the extracted tree, in order.

    A ``<br>`` (``lb`` in the tree) is a space; a run of two or more, marked
    before extraction, ends the paragraph there.
    """
    for line_break in body.iter("lb"):
        line_break.text = " "
    found = []
    for element in body.iter():
        if element.tag not in _BLOCKS or _is_nested_block(element):
            continue
        name = element.get("rend") if element.tag == "head" and element.get("rend") else element.tag
        for part in "".join(element.itertext()).split(_BREAK_MARK):
            text = " ".join(part.split())
            if text:
                found.append((text, name))
    if found and title and found[0][0] == " ".join(title.split()):
        found.pop(0)  # the headline is the title, not a paragraph
    return found


def _mark_breaks(text: str) -> str:
    """Mark where two or more ``<br>`` in a row end a paragraph (the extractor merges them)."""
    if _BREAK_MARK in text:
        return text
    return _BR_RUN.sub(lambda run: run.group() + _BREAK_MARK, text)


def _read_page(path: Path, relpath: str, limits: InputLimits) -> bytes | Rejection:
    """The page's bytes (decompressed), never more than ``max_article_bytes`` of them."""
    limit = limits.max_article_bytes
    try:
        if not relpath.lower().endswith(".gz"):
            size = path.stat().st_size
            return too_large(relpath, size, limit) if size > limit else path.read_bytes()
        with gzip.open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return Rejection("unreadable", f"{relpath}: cannot read: {reason}", relpath)
    if len(data) <= limit:
        return data
    compressed = path.stat().st_size
    if len(data) > limits.max_gzip_ratio * compressed:
        return Rejection(
            "decompression-bomb",
            f"{relpath}: expands past {limit:,} bytes from {compressed:,} compressed: a "
            "decompression bomb; remove it (reading stopped there)",
            relpath,
        )
    return too_large(relpath, len(data), limit)


def nesting_depth(text: str) -> int:
    """How deep the page's elements nest (void elements and unclosed ones counted simply)."""
    counter = _DepthCounter()
    counter.feed(text)
    counter.close()
    return counter.deepest


class _DepthCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:  # noqa: ARG002 (HTMLParser's)
        if tag not in _VOID_ELEMENTS:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:  # noqa: ARG002 (HTMLParser's signature)
        self.depth = max(0, self.depth - 1)


def _oversized_tag(relpath: str, text: str) -> Rejection | None:
    """A tag the HTML parser would take minutes over, or whose text it would drop."""
    for match in _LONG_TAG.finditer(text):
        tag = match.group()
        if len(tag) > MAX_TAG_CHARS:
            why = (
                f"one tag is {len(tag):,} characters long; the HTML parser (libxml2) drops "
                f"attribute values past {MAX_TAG_CHARS:,}, so its text would be lost"
            )
        elif (count := len(_ATTRIBUTE.findall(tag))) > MAX_ATTRIBUTES:
            why = (
                f"one tag holds {count:,} attributes (more than {MAX_ATTRIBUTES:,}), which the "
                "HTML parser (libxml2) would take minutes or hours over"
            )
        else:
            continue
        return Rejection("oversized-tag", f"{relpath}: {why}; fix the page or remove it", relpath)
    return None


def _no_content(relpath: str, text: str) -> Rejection:
    depth = nesting_depth(text)
    if depth > MAX_PARSED_DEPTH:
        return Rejection(
            "too-deeply-nested",
            f"{relpath}: the page nests its elements {depth:,} levels deep; the HTML parser "
            f"(libxml2) stops at {MAX_PARSED_DEPTH}, so no text could be extracted; "
            "fix the page or remove it",
            relpath,
        )
    visible = len(PageIndex(text).key)
    if visible < SHELL_CHARS:
        why = (
            f"it holds {visible:,} characters of text outside markup, scripts and styles; "
            "if it is an article, save the page with its text (a page that loads its text "
            "by script holds none), else remove it"
        )
    else:
        why = (
            f"none of its {visible:,} characters of text reads as article prose to the "
            "extractor (navigation, links, lists, tables: tables are left out); if it is "
            "an article, report the page, else remove it"
        )
    return Rejection("no-content", f"{relpath}: no article text found in the page: {why}", relpath)


def _extract(text: str, settings: HtmlSettings, *, fast: bool) -> Any:
    import trafilatura  # here, not at the top: ~0.3 s that a build without HTML skips

    return trafilatura.bare_extraction(
        text,
        fast=fast,
        with_metadata=True,
        include_comments=settings.include_comments,
        include_tables=settings.include_tables,
        favor_precision=settings.favor == "precision",
        favor_recall=settings.favor == "recall",
    )


def read_html_article(
    path: Path,
    relpath: str,
    sha256: str,
    sidecar: Metadata | None,
    settings: HtmlSettings,
    limits: InputLimits | None = None,
) -> RawArticle | Rejection:
    data = _read_page(path, relpath, limits or InputLimits())
    if isinstance(data, Rejection):
        return data
    if not data.strip():
        return Rejection(
            "empty-file", f"{relpath}: the file is empty; remove it or fill it", relpath
        )
    page = decode_page(data)
    text = page.text
    if (oversized := _oversized_tag(relpath, text)) is not None:
        return oversized
    marked = _mark_breaks(text)
    document = _extract(marked, settings, fast=False)
    paragraphs = _paragraphs(document.body, document.title) if document is not None else []
    if not paragraphs:
        # The extractor's fallbacks (readability, jusText) can prefer a large table to the
        # article and then drop it as a table: its own extractor alone keeps the article.
        document = _extract(marked, settings, fast=True)
        paragraphs = _paragraphs(document.body, document.title) if document is not None else []
    if not paragraphs:
        return _no_content(relpath, text)
    positions = tuple(locate([paragraph for paragraph, _ in paragraphs], page, len(data)))
    metadata = _metadata(document, text, page.encoding)
    if sidecar is not None:
        metadata = sidecar.over(metadata)
    return RawArticle(
        relpath,
        sha256,
        "\n".join(paragraph for paragraph, _ in paragraphs),
        metadata,
        "document",
        line=1,
        line_last=len(_LINE_BREAK.findall(text)) + 1,
        byte_start=0,
        byte_end=len(data),
        convention="html",
        elements=tuple(element for _, element in paragraphs),
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
