"""Language of an article without a language in its metadata.

py3langid (a maintained fork of langid.py) ships its model inside the wheel,
runs offline and is deterministic: the same text always gets the same answer.
"""

from __future__ import annotations

import re

import py3langid

MIN_LETTERS = 20  # below this a guess is noise
_LETTERS = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code such as ``en``, or None when the text is too short to tell."""
    if len(_LETTERS.findall(text[:2000])) < MIN_LETTERS:
        return None
    code, _score = py3langid.classify(text[:2000])
    return str(code)
