"""Text hygiene: characters that trip up a reader, a tokenizer or a labeling tool.

They are flagged with their evidence, never removed: the text stays what the
source said, and a team decides. Three flags:

- ``control-characters``: C0 and C1 control characters other than tab (a NUL
  from a ``\\u0000`` escape, the ESC of terminal colour codes, U+0085), which
  labeling tools render as nothing or break on; the detail lists them.
- ``mojibake``: UTF-8 that was decoded as a single-byte code page upstream
  ("cafÃ©"). Detection is ftfy's badness heuristic, the field's reference
  for this, which is tuned to leave correct text in any language alone; the
  detail shows ftfy's repair of the start of the paragraph.
- ``very-long``: longer than ``quality.long_paragraph_chars``; usually a page
  flattened into one line.
"""

from __future__ import annotations

import re
from typing import Any

import ftfy
from ftfy.badness import is_bad

from packager.quality.classify import flag
from packager.settings import QualitySettings

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_DETAIL_CHARS = 60
# UTF-8 lead bytes (C2-F4) read as Latin-1, Windows-1252 or MacRoman land here: text
# without any of them cannot be such mojibake, and ftfy's full check costs ~40 us.
_LEAD_BYTE_AS_LATIN = re.compile(r"[\u00c2-\u00f4]")


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
