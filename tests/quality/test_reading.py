"""Reading a paragraph's text once gives what the signals gave before (issue 16).

The classifier reads each distinct text once (:mod:`packager.quality.reading`) and
gives the remembered reading to its next copies: here, on generated and real
paragraphs, a remembered reading equals a fresh one, a whole article classifies the
same with the memo warm or cleared, and no two paragraphs share a flag dict. The
reading scans the lower case once for every signal's literals (cues): each signal
given the cues answers as it does with its own scans, and a pattern skipped for
want of cues would not have matched.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest

from packager.quality import appeals, signals
from packager.quality import reading as reading_module
from packager.quality.classify import classify
from packager.quality.reading import cue_scan, read_text, reading
from packager.settings import QualitySettings

from ..conftest import REPO

PAGES = Path(__file__).parents[1] / "data" / "boilerplate-real" / "pages.jsonl"


@cache
def _articles() -> tuple[tuple[str, ...], ...]:
    """Generated articles (200, as paragraph texts) and the real pages."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import generate_corpus

    pages = [json.loads(line) for line in PAGES.read_text(encoding="utf-8").splitlines() if line]
    articles = [tuple(text for _kind, text in page["paragraphs"]) for page in pages]
    with tempfile.TemporaryDirectory() as scratch:
        generate_corpus.generate(Path(scratch), 200)
        for path in sorted(Path(scratch).rglob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                text = json.loads(line)["text"]
                articles.append(tuple(p for p in text.split("\n") if p.strip()))
    return tuple(articles)


@pytest.fixture(autouse=True)
def _empty_memo():
    reading_module._READINGS.clear()
    yield
    reading_module._READINGS.clear()


@pytest.mark.parametrize("settings", [QualitySettings(), QualitySettings(too_short_chars=40)])
def test_a_remembered_reading_is_a_fresh_reading(settings):
    for article in _articles():
        for text in article:
            first = reading(text, settings, remember=True)
            assert reading(text, settings, remember=True) is first
            assert first == read_text(text, settings)


def test_readings_under_other_settings_are_not_shared():
    text = "Sign in"  # too short under both, a weak call to action only under the default
    default = reading(text, QualitySettings(), remember=True)
    strict = reading(text, QualitySettings(short_line_words=1), remember=True)
    assert default.cta == "Sign in" and strict.cta is None
    assert reading(text, QualitySettings(), remember=True) is default


def test_the_memo_stays_bounded(monkeypatch):
    monkeypatch.setattr(reading_module, "_READINGS_ENTRIES", 10)
    for number in range(25):
        reading(f"Paragraph {number}", QualitySettings(), remember=True)
    assert 0 < len(reading_module._READINGS) <= 10
    reading("Seen once", QualitySettings(), remember=False)
    assert all(key[0] != "Seen once" for key in reading_module._READINGS)


def test_an_article_classifies_the_same_with_the_memo_warm_or_cleared():
    settings = QualitySettings()
    for article in _articles():
        texts = list(article) * 2  # every text repeats: remembered
        reading_module._READINGS.clear()
        cold = classify(texts, ("publisher:x",), None, settings)
        warm = classify(texts, ("publisher:x",), None, settings)
        assert warm == cold
        flag_dicts = [id(f) for _kind, flags in warm for f in flags]
        assert len(flag_dicts) == len(set(flag_dicts))


def _texts() -> list[str]:
    """Distinct paragraphs of the articles, and furniture spelled with characters
    IGNORECASE matches to ASCII letters (long s, dotless i, dotted I, the Kelvin sign)
    or with curly apostrophes."""
    texts = list(dict.fromkeys(text for article in _articles() for text in article))
    tricky = [
        "ſign up",
        "Sİgn in",
        "Emaıl him",
        "Contact hİm at desk@example.org",
        "\u212aeep reading: ſubscribe",
        "Cookıes",
        "You’ve read 4 articles this month. Support our journalism.",
        "Write to her",
        "@ledger",
        "Shareable",
        "Just $6 a month. Support our journalism.",
        "5 euros per wee\u212a for unlimited access, join us",
        "Sign up for our newsletter",
        "Design ſign up for our briefing",
        "Follow us on Facebook",
        "Follow the Ledger on Bluesky",
        "Read more: the council's plan",
        "Comments (12)",
        "Comments are closed",
        "Help us keep it free",
        "\u212aeep local news free",
        "Journalism isn’t free",
        "News is not cheap",
        "\u0e01\u0e32\u0e23\u0e40\u0e21\u0e37\u0e2d\u0e07 and 政治新闻 words",
    ]
    return texts + tricky + [text.upper() for text in tricky]


def test_the_cue_scan_finds_every_literal_of_the_text():
    literals = sorted(signals.CUE_WORDS | appeals.CUE_WORDS)
    scan = cue_scan()
    for text in _texts():
        lowered = text.lower()
        assert scan(lowered) == {word for word in literals if word in lowered}, text


def test_signals_given_the_cues_are_the_signals_without_them():
    """Without cues each signal runs its own scans and every pattern, as before."""
    scan = cue_scan()
    for text in _texts():
        lowered = text.lower()
        cues = scan(lowered)
        for short_words in (4, 12, 40):
            assert signals.call_to_action(text, short_words, cues=cues) == signals.call_to_action(
                text, short_words
            ), text
        assert signals.byline(text, cues=cues) == signals.byline(text), text
        assert appeals.appeal_prose(text, cues=cues) == appeals.appeal_prose(text), text


def test_a_pattern_skipped_for_want_of_cues_would_not_match():
    scan = cue_scan()
    for text in _texts():
        cues = scan(text.lower())
        for pattern, needed in (
            (signals._WEAK, signals._WEAK_CUES),
            (signals._AUTHOR_CONTACT, signals._CONTACT_CUES),
        ):
            if pattern.search(text):
                assert signals._may_match(text, cues, needed), (pattern.pattern, text)


def test_a_strong_pattern_or_price_left_out_for_want_of_literals_would_not_match():
    scan = cue_scan()
    needs = dict(signals._NEEDS_AT)
    for text in _texts():
        lowered = text.lower()
        cues = scan(lowered)
        if signals._PRICE.search(text):
            assert signals._may_be_priced(text, lowered, cues), text
        for index, (_triggers, pattern) in enumerate(signals._STRONG):
            if index in needs and pattern.search(text):
                kept = signals._needed(1 << index, lowered)
                assert kept or signals.folds_to_ascii(text), (pattern.pattern, text)


def test_only_these_characters_fold_to_an_ascii_letter():
    letter = re.compile("[a-z]", re.IGNORECASE)
    folding = {
        chr(point)
        for point in range(128, sys.maxunicode + 1)
        if not 0xD800 <= point < 0xE000 and letter.fullmatch(chr(point))
    }
    assert folding == signals.FOLDS_TO_ASCII
