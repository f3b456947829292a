"""Split an article's raw text into paragraphs, keeping where each one came from.

Pure functions: text in, paragraph spans out. Two conventions occur in scraped
text, and :func:`detect_convention` tells them apart:

``line``
    One paragraph per line (what most scrapers write). Blank lines are skipped.
``blank-line``
    Paragraphs separated by blank lines, with hard-wrapped lines inside them;
    the lines of one paragraph are joined with a single space.

The detection rule (documented in the README): an article with no blank line
uses ``line``. An article with blank lines uses ``blank-line``, unless some line
longer than ``max_wrap_width`` code points (counted in NFC, so that NFC and NFD
input split alike) is followed by another non-blank line in the same block:
nobody hard-wraps at that width, so those line breaks are paragraph ends and
the article uses ``line``. Both conventions give the same
paragraphs when every block is a single line, so the ambiguous case is rare;
``--paragraphs line|blank-line`` forces one.

Normalisation happens per paragraph after splitting, so raw positions stay
exact: each line is trimmed (``str.strip``: Unicode white space), the lines of
a paragraph joined with a space, and the result NFC-normalised. NFC never
composes across a line break (a line break is a starter), so normalising per
paragraph equals normalising the whole text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Convention = Literal["line", "blank-line"]

# Line breaks are \r\n, \n or a lone \r, and nothing else: str.splitlines would
# also split on \x0b, \x0c, \x1c-\x1e, \x85, \u2028 and \u2029, which can occur
# inside scraped paragraphs and are not line ends in any scraper's output.
# Codecs in which an ASCII text has one byte per character (the fallbacks teams use).
_ASCII_COMPATIBLE = {"utf-8", "cp1252", "iso8859-1", "iso8859-15", "ascii"}
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the raw text: its content without the line break, and where it starts."""

    number: int  # 0-based
    start: int  # code-point offset of the line's first character in the raw text
    content: str

    @property
    def is_blank(self) -> bool:
        return not self.content.strip()


@dataclass(frozen=True, slots=True)
class ParagraphSpan:
    """One paragraph: its normalised text and the raw lines and characters it came from."""

    text: str
    line_first: int  # 0-based line number of its first line
    line_last: int  # 0-based, inclusive
    raw_start: int  # code-point offset in the raw text of its first non-space character
    raw_end: int  # offset just past its last non-space character


def _line_pieces(text: str) -> tuple[list[str], list[int]]:
    """The contents of the lines of ``text`` and where each starts (see :func:`split_lines`).

    Text without a carriage return (nearly all of it) is cut with ``str.split``, in C;
    the regex handles ``\r\n`` and lone ``\r``."""
    if not text:
        return [], []
    if "\r" not in text:
        contents = text.split("\n")
        if text[-1] == "\n":
            contents.pop()
        starts = [0] * len(contents)
        position = 0
        for number, content in enumerate(contents):
            starts[number] = position
            position += len(content) + 1
        return contents, starts
    contents, starts = [], []
    for number, match in enumerate(_LINE.finditer(text)):
        if match.start() == len(text) and number > 0:
            break
        contents.append(match.group(1))
        starts.append(match.start())
    return contents, starts


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` (a final line break does not start an empty last line)."""
    contents, starts = _line_pieces(text)
    return [
        Line(number, start, content)
        for number, (start, content) in enumerate(zip(starts, contents, strict=True))
    ]


def paragraph_count(text: str, convention: Convention | Literal["auto"]) -> int | None:
    """How many paragraphs :func:`split_paragraphs` would give, found without building
    them (a million tiny lines cost gigabytes as records); None when only the
    long-line rule of ``auto`` could tell (paragraphs of one text, not of many)."""
    non_blank = blocks = 0
    after_blank = True
    for number, match in enumerate(_LINE.finditer(text)):
        if match.start() == len(text) and (number > 0 or not text):
            break
        if not match.group(1).strip():
            after_blank = True
            continue
        non_blank += 1
        blocks += after_blank
        after_blank = False
    if convention == "line" or (convention == "auto" and blocks <= 1):
        return non_blank
    if convention == "blank-line":
        return blocks
    return blocks if blocks == non_blank else None


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.is_blank:
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def detect_convention(lines: list[Line], max_wrap_width: int = 100) -> Convention:
    """``line`` or ``blank-line``, by the rule in the module docstring."""
    has_content = any(not line.is_blank for line in lines)
    first = next((i for i, line in enumerate(lines) if not line.is_blank), 0)
    last = max((i for i, line in enumerate(lines) if not line.is_blank), default=0)
    if not has_content or not any(line.is_blank for line in lines[first:last]):
        return "line"
    for block in _blocks(lines):
        for line in block[:-1]:
            if len(unicodedata.normalize("NFC", line.content.strip())) > max_wrap_width:
                return "line"
    return "blank-line"


def _span(lines: list[Line]) -> ParagraphSpan:
    first, last = lines[0], lines[-1]
    leading = len(first.content) - len(first.content.lstrip())
    trailing = len(last.content.rstrip())
    joined = " ".join(line.content.strip() for line in lines)
    return ParagraphSpan(
        text=unicodedata.normalize("NFC", joined),
        line_first=first.number,
        line_last=last.number,
        raw_start=first.start + leading,
        raw_end=last.start + trailing,
    )


def split_paragraphs(
    text: str, convention: Convention | Literal["auto"] = "auto", max_wrap_width: int = 100
) -> tuple[Convention, list[ParagraphSpan]]:
    """Split raw article text into paragraphs; returns the convention used and the spans."""
    contents, starts = _line_pieces(text)
    # each line trimmed once: the blank test, the paragraph text and its raw bounds
    trimmed = [content.lstrip() for content in contents]
    stripped = [line.rstrip() for line in trimmed]
    used: Convention = _detect(stripped, max_wrap_width) if convention == "auto" else convention
    normalize = unicodedata.normalize
    spans: list[ParagraphSpan] = []
    if used == "line":
        for number, line in enumerate(stripped):
            if line:
                start = starts[number] + len(contents[number]) - len(trimmed[number])
                spans.append(
                    ParagraphSpan(normalize("NFC", line), number, number, start, start + len(line))
                )
        return used, spans
    first = -1
    for number, line in enumerate([*stripped, ""]):
        if line and first < 0:
            first = number
        elif not line and first >= 0:
            last = number - 1
            joined = " ".join(stripped[first:number]) if last > first else stripped[first]
            spans.append(
                ParagraphSpan(
                    normalize("NFC", joined),
                    first,
                    last,
                    starts[first] + len(contents[first]) - len(trimmed[first]),
                    starts[last] + len(contents[last]) - len(trimmed[last]) + len(stripped[last]),
                )
            )
            first = -1
    return used, spans


def _detect(stripped: list[str], max_wrap_width: int) -> Convention:
    """:func:`detect_convention` on the lines' trimmed contents."""
    non_blank = [number for number, line in enumerate(stripped) if line]
    if not non_blank or all(stripped[non_blank[0] : non_blank[-1] + 1]):
        return "line"
    for number, line in enumerate(stripped[:-1]):
        # NFC may lengthen a line (U+0958 is two code points in NFC): no shortcut on len(line)
        if (
            line
            and stripped[number + 1]
            and len(unicodedata.normalize("NFC", line)) > max_wrap_width
        ):
            return "line"
    return "blank-line"


def utf8_offsets(
    text: str, char_offsets: list[int], base: int = 0, encoding: str = "utf-8"
) -> list[int]:
    """Byte offsets (UTF-8, or ``encoding``) of increasing code-point offsets into ``text``.

    ``base`` is added to each. Linear in the text: it encodes the stretch
    between consecutive offsets once.
    """
    if text.isascii() and (
        encoding == "utf-8" or codecs.lookup(encoding).name in _ASCII_COMPATIBLE
    ):
        return [base + offset for offset in char_offsets]
    errors = "surrogatepass" if encoding == "utf-8" else "strict"
    result: list[int] = []
    position, byte_position = 0, base
    for offset in char_offsets:
        byte_position += len(text[position:offset].encode(encoding, errors))
        position = offset
        result.append(byte_position)
    return result
