"""Offsets between the units annotation tools count in and Python code points.

Label Studio's ``<Text>`` and Prodigy count Unicode code points, like Python.
Doccano and Argilla run in the browser and count JavaScript string positions:
UTF-16 code units, where every character outside the Basic Multilingual Plane
(most emoji) counts twice. Doccano can also be set to count grapheme clusters
(what a reader sees as one character: 👍🏽 is one cluster, two code points,
four UTF-16 units). Grapheme clusters come from the ``regex`` module's ``\\X``,
which follows Unicode's segmentation rules (UAX #29).
"""

from __future__ import annotations

from itertools import accumulate
from typing import Literal

import regex

OffsetUnit = Literal["codepoint", "utf16", "grapheme"]
_GRAPHEME = regex.compile(r"\X")


def _boundaries(text: str, unit: OffsetUnit) -> list[int]:
    """Code-point offset of every position the unit can name, in order (0 .. len(text))."""
    if unit == "codepoint":
        return list(range(len(text) + 1))
    if unit == "grapheme":
        return [0, *accumulate(len(cluster) for cluster in _GRAPHEME.findall(text))]
    # utf16: position p (in units) exists where a code point starts; astral ones take two
    raise ValueError(unit)


def to_codepoints(text: str, offset: int, unit: OffsetUnit) -> int | None:
    """The code-point offset of ``offset`` counted in ``unit``, or None if it names no boundary."""
    if offset < 0:
        return None
    if unit == "codepoint":
        return offset if offset <= len(text) else None
    if unit == "utf16":
        units = 0
        for index, char in enumerate(text):
            if units == offset:
                return index
            units += 2 if ord(char) > 0xFFFF else 1
            if units > offset:
                return None  # inside a surrogate pair
        return len(text) if units == offset else None
    boundaries = _boundaries(text, unit)
    return boundaries[offset] if offset < len(boundaries) else None


def from_codepoints(text: str, offset: int, unit: OffsetUnit) -> int:
    """``offset`` (code points) counted in ``unit``."""
    if unit == "codepoint":
        return offset
    if unit == "utf16":
        return offset + sum(1 for char in text[:offset] if ord(char) > 0xFFFF)
    return _boundaries(text, unit).index(offset)
