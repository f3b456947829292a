"""Text hygiene: characters that trip up a reader, a tokenizer or a labeling tool.

They are flagged with their evidence, never removed: the text stays what the
source said, and a team decides. Three flags:

- ``control-characters``: C0 and C1 control characters other than tab (a NUL
  from a ``\\u0000`` escape, the ESC of terminal colour codes, U+0085), which
  labeling tools render as nothing or break on; the detail lists them.
- ``mojibake``: UTF-8 that was decoded as a single-byte code page upstream
  ("cafÃ©"). Detection is ftfy's badness heuristic, the field's reference
  for this, which is tuned to leave correct text in any language alone; the
  detail shows ftfy's repair of the start of the paragraph. ftfy's regex
  is run by RE2 (google-re2, a linear-time automaton, ~20x faster on this
  alternation of character classes) after a translation that keeps Python's
  meaning (:func:`re2_pattern`); where RE2 is missing or cannot take it, by
  Python's ``re`` as ftfy does. A test checks both agree on many texts.
- ``very-long``: longer than ``quality.long_paragraph_chars``; usually a page
  flattened into one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import ftfy
import numpy as np
from ftfy.badness import BADNESS_RE

from packager.quality.classify import flag
from packager.settings import QualitySettings

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_DETAIL_CHARS = 60
# UTF-8 lead bytes (C2-F4) read as Latin-1, Windows-1252 or MacRoman land here: text
# without any of them cannot be such mojibake, and ftfy's full check costs ~40 us.
_LEAD_BYTE_AS_LATIN = re.compile(r"[\u00c2-\u00f4]")
# What Python's re skips in a VERBOSE pattern outside a character class.
_VERBOSE_SPACE = frozenset(" \t\n\r\v\f")
_ALLOWED_FLAGS = re.VERBOSE | re.UNICODE


@cache
def _python_class(escape: str) -> str:
    """The members of Python's ``\\s`` or ``\\w`` (str patterns), as RE2 class ranges."""
    code_points = np.arange(0x110000, dtype="<u4")
    code_points[0xD800:0xE000] = ord("!")  # surrogates (in neither class) cannot be decoded
    every = code_points.tobytes().decode("utf-32-le")
    ranges = []
    for run in re.finditer(f"\\{escape}+", every):
        low, high = run.start(), run.end() - 1
        ranges.append(f"\\x{{{low:x}}}" + (f"-\\x{{{high:x}}}" if high > low else ""))
    return "".join(ranges)


def re2_pattern(pattern: str, flags: int) -> str | None:
    """``pattern`` (a Python str pattern with ``flags``) spelled for RE2, or None.

    VERBOSE whitespace and comments are dropped, ``\\s`` and ``\\w`` become the classes
    Python gives them (RE2's are ASCII only), ASCII ``[`` in a class is escaped (RE2
    would read ``[:``). None for what this does not translate (other flags, ``\\d``,
    ``\\b`` and friends).
    """
    if flags & ~_ALLOWED_FLAGS:
        return None
    verbose = bool(flags & re.VERBOSE)
    out: list[str] = []
    index, in_class, class_start = 0, False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            escaped = pattern[index + 1 : index + 2]
            if escaped in ("s", "w"):
                members = _python_class(escaped)
                out.append(members if in_class else f"[{members}]")
            elif not escaped or (escaped.isalnum() and escaped not in "xnrtfva"):
                return None  # \d \b \A \u, octals and backreferences differ in RE2
            else:
                out.append(char + escaped)
            index += 2
            continue
        if in_class:
            if char == "]" and index > class_start:
                in_class = False
            elif char == "[":
                char = "\\["
            out.append(char)
        elif verbose and char in _VERBOSE_SPACE:
            pass
        elif verbose and char == "#":
            newline = pattern.find("\n", index)
            index = len(pattern) if newline < 0 else newline
            continue
        else:
            if char == "[":
                in_class = True
                class_start = index + 1
                if pattern.startswith("^", class_start):
                    out.append("[^")
                    index += 2
                    class_start += 1
                    continue
            out.append(char)
        index += 1
    return "".join(out)


@cache
def badness_search() -> Callable[[str], object]:
    """``BADNESS_RE.search`` through RE2 when it takes ftfy's pattern, else Python's re."""
    try:
        import re2
    except ImportError:
        return BADNESS_RE.search
    translated = re2_pattern(BADNESS_RE.pattern, BADNESS_RE.flags)
    if translated is None:
        return BADNESS_RE.search
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 64 << 20
    try:
        compiled = re2.compile(translated, options)
    except re2.error:
        return BADNESS_RE.search
    fast, slow = compiled.search, BADNESS_RE.search

    def search(text: str) -> object:
        try:
            return fast(text)
        except UnicodeEncodeError:  # a lone surrogate has no UTF-8 for RE2
            return slow(text)

    return search


def is_bad(text: str) -> bool:
    """``ftfy.badness.is_bad``: the same answer, faster."""
    return badness_search()(text) is not None


def hygiene_flags(text: str, settings: QualitySettings) -> list[dict[str, Any]]:
    """The hygiene flags of one paragraph's text, in a fixed order."""
    flags = []
    controls = _CONTROL.findall(text)
    if controls:
        shown = " ".join(f"U+{ord(ch):04X}" for ch in sorted(set(controls)))
        flags.append(flag("control-characters", len(controls), shown))
    if _LEAD_BYTE_AS_LATIN.search(text) and is_bad(text):
        repaired = ftfy.fix_text(text[: _DETAIL_CHARS * 2], uncurl_quotes=False)[:_DETAIL_CHARS]
        flags.append(flag("mojibake", None, f"reads as: {repaired}"))
    if len(text) > settings.long_paragraph_chars:
        flags.append(flag("very-long", len(text), None))
    return flags
