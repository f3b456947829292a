"""Issue 16, item 3: the cheaper classifier gives exactly the kinds and flags of the old one.

The old one is frozen in benchmarks/classify_before/ (packager/quality/{signals,
appeals,model,classify}.py before the change). Both replay the classify calls a real
build makes (benchmarks/classify_calls.py): generated articles with their corpus
survey, the real pages of tests/data/boilerplate-real/ in the benchmark's single and
corpus builds, and every call again without a survey.
"""

from __future__ import annotations

import random
import sys

import pytest

from packager.quality import signals
from packager.quality.classify import classify

from ..conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import classify_calls
from classify_before.classify import classify as classify_before


def assert_same(calls: list[classify_calls.Call]) -> None:
    before = classify_calls.replay(classify_before, calls)
    after = classify_calls.replay(classify, calls)
    assert len(before) == len(after) == 2 * len(calls)
    for number, (old, new) in enumerate(zip(before, after, strict=True)):
        call = calls[number % len(calls)]
        for index, (expected, got) in enumerate(zip(old, new, strict=True)):
            assert got == expected, (call.groups, index, call.texts[index])


def test_same_kinds_and_flags_on_generated_articles():
    assert_same(classify_calls.generated_calls(150))


@pytest.mark.slow
def test_same_kinds_and_flags_on_many_generated_articles_and_all_real_pages():
    assert_same(classify_calls.generated_calls(2000, seed=7))
    assert_same(classify_calls.real_page_calls())


def _tricky_texts() -> list[str]:
    """Trigger words run together, inside each other and across each other."""
    words = signals._TRIGGER_WORDS
    rng = random.Random(16)
    glue = ["", " ", "s", "-", "ing ", "ly", "\u00e9", "\U0001f600"]
    texts = ["sign up", "already read", "newsubscriber", "follow us on", "read more", "is not"]
    for _ in range(3000):
        parts = [rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(1, 6))]
        texts.append("".join(parts))
        texts.append("".join(part[rng.randint(0, 2) :] for part in parts))
    return texts


def test_trigger_scan_finds_what_the_alternation_finds():
    scan = signals._trigger_scan()
    for text in _tricky_texts():
        assert scan(text) == set(signals._TRIGGERS.findall(text)), text


def test_literal_scan_with_and_without_re2_agree(monkeypatch):
    texts = [*_tricky_texts(), "lone \ud800 surrogate: sign up", ""]
    fast = signals.literal_scan(signals._TRIGGER_WORDS)
    monkeypatch.setitem(sys.modules, "re2", None)  # import re2 fails: the fallback
    slow = signals.literal_scan(signals._TRIGGER_WORDS)
    for text in texts:
        assert fast(text) == slow(text) == [w for w in signals._TRIGGER_WORDS if w in text]
