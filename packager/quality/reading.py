"""What a paragraph's text alone says, read once per distinct text (issue 16).

The classifier (:mod:`packager.quality.classify`) weighs two kinds of evidence:
the text itself (letters, sentence end, call to action, credit, sign-off, appeal,
heading shape) and where the text occurs (its repeats in the article, the corpus
survey, its neighbours). The first kind depends only on the text and two
thresholds, and page furniture repeats: the same button, sign-in line or author
blurb closes most articles of an outlet. So a text's reading is remembered and
given again to its next copy.

Only texts seen more than once (in the article, or in another article by the
survey's count) are remembered: a unique paragraph will not come again, and
keeping it would only hold its memory. The memo is bounded like
:func:`packager.identify.id_text`'s and cleared when full.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

from packager.quality import appeals, signals
from packager.quality.appeals import appeal_prose, sign_off
from packager.quality.signals import (
    byline,
    call_to_action,
    ends_like_a_sentence,
    has_letters,
    heading_like,
    literal_scan,
    word_count,
)
from packager.settings import QualitySettings

FlagSpec = tuple[str, int | None, str | None]  # (code, count, detail) of one flag


class Reading(NamedTuple):
    """The text-only signals of one paragraph, and its flags in the classifier's order.

    Immutable, so one reading can serve every copy of a text (a named tuple: cheaper
    to make than a frozen dataclass); ``flags`` are (code, count, detail) triples
    that the classifier turns into fresh dicts.
    """

    words: int
    letters: bool
    sentence: bool
    short: bool  # signals.too_short
    cta: str | None
    credit: str | None
    signed: tuple[str, str] | None
    appeal: tuple[str, str] | None
    heading: bool
    flags: tuple[FlagSpec, ...]

    @property
    def reads_as_reporting(self) -> bool:
        """Ends like a sentence and has no furniture wording."""
        return self.sentence and not (self.cta or self.credit or self.signed or self.appeal)

    def flag_dicts(self) -> list[dict[str, Any]]:
        return [
            {"code": code, "count": count, "detail": detail} for code, count, detail in self.flags
        ]


@cache
def cue_scan() -> Callable[[str], frozenset[str]]:
    """Every literal the signals look for in a lower-cased text, found in one scan.

    The call-to-action triggers, the author-blurb and contact words, the weak
    call-to-action words and the appeal needles: one RE2 set over the text's UTF-8
    instead of one per signal (:func:`packager.quality.signals.literal_scan`).
    """
    scan = literal_scan(sorted(signals.CUE_WORDS | appeals.CUE_WORDS))

    def cues(lowered: str) -> frozenset[str]:
        return frozenset(scan(lowered))

    return cues


def read_text(text: str, settings: QualitySettings) -> Reading:
    """Every text-only signal of ``text``, each property computed once and handed on."""
    words = word_count(text)
    flags: list[FlagSpec] = []
    letters = has_letters(text)
    if not letters:
        flags.append(("no-letters", None, None))
    sentence = ends_like_a_sentence(text)
    short = len(text) < settings.too_short_chars and not sentence
    if short:
        flags.append(("too-short", len(text), None))
    lowered = text.lower()
    # a longer paragraph is reporting to most signals: the few that still look run
    # their own scans, as they would without the cues
    cues = cue_scan()(lowered) if words <= signals.STRONG_WORDS else None
    cta = call_to_action(text, settings.short_line_words, words, lowered, sentence, cues)
    if cta:
        flags.append(("call-to-action", None, cta))
    credit = byline(text, words=words, lowered=lowered, sentence=sentence, cues=cues)
    if credit:
        flags.append(("credit-line", None, credit))
    signed = sign_off(text, words) if letters and not credit else None
    if signed:
        flags.append(("sign-off", None, signed[0]))
    appeal = appeal_prose(text, words, cues) if letters and not (credit or signed) else None
    if appeal is not None and appeal[0] == "strong":
        flags.append(("appeal-prose", None, appeal[1]))
    heading = not (cta or credit or signed) and heading_like(
        text, words=words, sentence=sentence, letters=letters
    )
    if heading:
        flags.append(("heading-like", None, None))
    return Reading(
        words, letters, sentence, short, cta, credit, signed, appeal, heading, tuple(flags)
    )


_READINGS: dict[tuple[str, int, int], Reading] = {}
_READINGS_ENTRIES = 8192  # a few thousand furniture texts at a time, a few MB at most


def reading(text: str, settings: QualitySettings, remember: bool) -> Reading:
    """:func:`read_text`, remembered when ``remember`` (the text is seen more than once).

    The key holds the two thresholds the reading depends on, so builds with other
    settings in one process never share a reading.
    """
    key = (text, settings.too_short_chars, settings.short_line_words)
    found = _READINGS.get(key)
    if found is not None:
        return found
    found = read_text(text, settings)
    if remember:
        if len(_READINGS) >= _READINGS_ENTRIES:
            _READINGS.clear()
        _READINGS[key] = found
    return found
