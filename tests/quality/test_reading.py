"""A remembered reading of a paragraph's text is the reading of a fresh one (issue 16).

The classifier reads each distinct text once (:mod:`packager.quality.reading`) and
gives the remembered reading to its next copies: here, on generated and real
paragraphs, a remembered reading equals a fresh one, a whole article classifies the
same with the memo warm or cleared, and no two paragraphs share a flag dict.
"""

from __future__ import annotations

import json
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest

from packager.quality import reading as reading_module
from packager.quality.classify import classify
from packager.quality.reading import read_text, reading
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
