"""Where each extracted paragraph of an HTML page sits in the page's bytes.

The extractor's tree keeps a source line for some elements only, and a wrong
one for others (its fallback extractors report ``<html>`` or ``<head>``, text in
``<noscript>`` the DOCTYPE, a page with carriage-return line ends has one line
for libxml2). So packager finds each paragraph's text in the page itself: the
page's text outside tags, comments, scripts, styles and the title, entities
decoded, compared without white space and in Unicode NFD. A paragraph is
located at the lines holding it (from the start of its first line to the end of
its last, line break excluded), found in document order; one that cannot be
found (the extractor rewrote it) has the whole page as its source. The bytes
come from the decoded text through the codec that decoded it, so they hold the
paragraph in any encoding (UTF-16 included).
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right

from packager.ingest.decode import DecodedPage
from packager.segment import utf8_offsets

_SKIPPED = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>"
    r"|<(script|style|title)\b[^>]*>.*?</\1\s*>"
    r"|<[A-Za-z/!?][^>]*>?"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});?",
    re.DOTALL | re.IGNORECASE,
)
_VISIBLE = re.compile(r"\S")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

Position = tuple[int, int, int, int]  # line_start, line_end, byte_start, byte_end


class PageIndex:
    """The page's visible characters (NFD, no white space) and where each came from."""

    def __init__(self, text: str) -> None:
        self.text = text
        keys: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        position = 0
        for match in _SKIPPED.finditer(text):
            self._add_text(text, position, match.start(), keys, starts, ends)
            token = match.group()
            if token.startswith("&"):
                value = html.unescape(token)
                if value == token:
                    self._add_text(text, match.start(), match.end(), keys, starts, ends)
                else:
                    for char in _key(value):
                        keys.append(char)
                        starts.append(match.start())
                        ends.append(match.end())
            position = match.end()
        self._add_text(text, position, len(text), keys, starts, ends)
        self.key = "".join(keys)
        self.starts = starts
        self.ends = ends
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    @staticmethod
    def _add_text(
        text: str, start: int, end: int, keys: list[str], starts: list[int], ends: list[int]
    ) -> None:
        for match in _VISIBLE.finditer(text, start, end):
            char = match.group()
            index = match.start()
            for part in char if char.isascii() else _key(char):
                keys.append(part)
                starts.append(index)
                ends.append(index + 1)

    def find(self, paragraph: str, cursor: int) -> tuple[int, int] | None:
        """Key positions of ``paragraph``: first at or after ``cursor``, else anywhere."""
        wanted = _key(paragraph)
        if not wanted:
            return None
        found = self.key.find(wanted, cursor)
        if found < 0:
            found = self.key.find(wanted)
        if found < 0:
            return None
        return found, found + len(wanted)

    def line_of(self, char: int) -> int:
        return bisect_right(self.line_starts, char)

    def line_span(self, line: int) -> tuple[int, int]:
        """Character range of a line (1-based), its line break excluded."""
        start = self.line_starts[line - 1]
        if line < len(self.line_starts):
            end = self.line_starts[line]
            while end > start and self.text[end - 1] in "\r\n":
                end -= 1
        else:
            end = len(self.text)
        return start, end


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFD", text).split())


def locate(paragraphs: list[str], page: DecodedPage, size: int) -> list[Position]:
    """(line_start, line_end, byte_start, byte_end) of each paragraph in the page's bytes.

    A paragraph not found, or a page whose text does not map back to its bytes,
    gets the whole page: lines 1 to the last, bytes 0 to ``size``.
    """
    index = PageIndex(page.text)
    whole = (1, len(index.line_starts), 0, size)
    if page.codec is None:
        return [whole] * len(paragraphs)
    spans: list[tuple[int, int, int, int] | None] = []
    cursor = 0
    for paragraph in paragraphs:
        found = index.find(paragraph, cursor)
        if found is None:
            spans.append(None)
            continue
        cursor = found[1]
        first = index.line_of(index.starts[found[0]])
        last = index.line_of(index.ends[found[1] - 1] - 1)
        spans.append((first, last, index.line_span(first)[0], index.line_span(last)[1]))
    chars = sorted({c for span in spans if span is not None for c in span[2:]})
    if not chars:
        return [whole] * len(paragraphs)
    byte_of = dict(
        zip(chars, utf8_offsets(page.text, chars, page.bom_bytes, page.codec), strict=True)
    )
    return [
        whole if span is None else (span[0], span[1], byte_of[span[2]], byte_of[span[3]])
        for span in spans
    ]
