"""Language of an article without a language in its metadata.

py3langid (a maintained fork of langid.py) ships its model inside the wheel,
runs offline and is deterministic: the same text always gets the same answer.
"""

from __future__ import annotations

import py3langid

from packager.quality.signals import has_letters

MIN_LETTERS = 20  # below this a guess is noise


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code such as ``en``, or None when the text is too short to tell."""
    if sum(1 for ch in text[:2000] if ch.isalpha()) < MIN_LETTERS or not has_letters(text):
        return None
    code, _score = py3langid.classify(text[:2000])
    return str(code)
