# ruff: noqa: RUF001
# Frozen copy of packager/quality/model.py at d487888 (before issue 16, item 3): the reference
# the faster classifier must agree with
# (tests/quality/test_classify_identity.py, bench_hot_paths.py).
"""A small linear model for the furniture the rules leave as body (issue 12).

Real pages carry furniture no rule names: menu entries, related-story titles,
captions, teasers. After the rules (:mod:`classify`), every short paragraph still
judged body (at most ``MAX_WORDS`` words, CJK and other unspaced scripts counted
as one word per two characters) is scored by a logistic model over its
words and its shape (length, case, punctuation, link-like marks) and over its
place in the article: where it is relative to the core of long prose paragraphs
and what the rules made of its neighbours. A score at or above the model's
threshold makes it boilerplate, with the flag ``model-furniture`` (the score);
the rules' reason codes stay the evidence of everything else. The model alone
never takes a sentence of the story: a paragraph of at least ``PROSE_WORDS`` words
that ends like a sentence, between two paragraphs the rules kept as body, is not
scored.

The weights live in ``furniture_model.json`` next to this module, trained on the
development part of the real set by ``benchmarks/train_furniture_model.py``
(scikit-learn at training time only; inference is numpy and dict look-ups).
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

import packager
from classify_before.signals import ends_like_a_sentence, word_count

MODEL_PATH = Path(packager.__file__).parent / "quality" / "furniture_model.json"
MODEL_NAME = "furniture-linear"
MAX_WORDS = 40  # longer paragraphs are left to the rules
PROSE_WORDS = 8  # a sentence this long between two body paragraphs is never scored
SHORT_WORDS = 12
CORE_WORDS = 25  # a prose paragraph of at least this many words, ending like a sentence
_WORD = re.compile(r"\w+")  # on the text with "_" made a space: runs of letters or digits
_DIGIT = re.compile(r"\d")
_QUOTE_MARKS = re.compile('["“”«»„「]')
_LINK_MARKS = re.compile(r"[|»›]|http|www\.|\.com")
_CREDIT_MARKS = re.compile(r"[©/@]|Photo|Credit|Getty")
_SENTENCE_END = tuple('.!?…"”’»。！？')
DENSE = (
    "log_chars",
    "log_words",
    "words_le_3",
    "words_le_8",
    "ends_sentence",
    "ends_question",
    "ends_colon",
    "title_share",
    "all_caps",
    "digit_share",
    "link_marks",
    "ellipsis_end",
    "credit_marks",
    "no_core",
    "inside_core",
    "log_before_core",
    "log_after_core",
    "relative_position",
    "prev_furniture",
    "next_furniture",
    "prev_short",
    "next_short",
    "prev_core",
    "next_core",
    "window_furniture",
    "window_short",
    "log_paragraphs",
    "repeated",
    "across_source",
    "prev_across_source",
    "next_across_source",
    "log_short_run",
    "log_gap_core",
    "quote_marks",
    "starts_lower",
    "char_position",
    "log_prev_words",
    "log_next_words",
)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.replace("_", " ") if "_" in text else text)


def tokens(text: str, found: list[str] | None = None) -> list[str]:
    """Lower-cased words plus the first and last word marked as such."""
    words = [w.lower() for w in (_words(text) if found is None else found)]
    if not words:
        return []
    return [*words, "^" + words[0], words[-1] + "$"]


def candidates(texts: list[str], furniture: list[bool]) -> list[int]:
    """The paragraphs the model scores: short ones the rules left as body.

    Not scored: a paragraph longer than ``MAX_WORDS`` words, and a sentence of at
    least ``PROSE_WORDS`` words between two paragraphs the rules kept as body (the
    story's own prose; the model alone must not take it).
    """
    last = len(texts) - 1
    chosen = []
    for i, text in enumerate(texts):
        if furniture[i]:
            continue
        words = word_count(text)
        if words > MAX_WORDS:
            continue
        if (
            words >= PROSE_WORDS
            and 0 < i < last
            and not furniture[i - 1]
            and not furniture[i + 1]
            and ends_like_a_sentence(text)
        ):
            continue
        chosen.append(i)
    return chosen


def dense_features(
    texts: list[str], furniture: list[bool], across: list[bool], index: int
) -> list[float]:
    """Shape and neighbourhood of paragraph ``index``.

    ``furniture``: the rules' verdicts; ``across``: repeated across the source (corpus
    survey; all False for a single article).
    """
    return _dense(texts, furniture, across, _context(texts), index)


@dataclass(frozen=True)
class _Context:
    words: list[int]
    core: list[int]
    repeats: dict[str, int]
    short_run: list[int]  # length of the run of short paragraphs (<= 12 words) each is in
    chars_before: list[int]
    total_chars: int
    short: list[float]  # 1.0 for a paragraph of at most 8 words
    is_core: list[float]  # 1.0 for a paragraph of at least CORE_WORDS words


def _context(texts: list[str]) -> _Context:
    words = [word_count(t) for t in texts]
    core = [
        i
        for i, t in enumerate(texts)
        if words[i] >= CORE_WORDS and t.rstrip().endswith(_SENTENCE_END)
    ]
    repeats: dict[str, int] = {}
    for t in texts:
        repeats[t] = repeats.get(t, 0) + 1
    short_run = [0] * len(texts)
    start = 0
    while start < len(texts):
        end = start
        if words[start] <= SHORT_WORDS:
            while end + 1 < len(texts) and words[end + 1] <= SHORT_WORDS:
                end += 1
            for i in range(start, end + 1):
                short_run[i] = end - start + 1
        start = end + 1
    chars_before, total = [], 0
    for t in texts:
        chars_before.append(total)
        total += len(t)
    short = [1.0 if w <= 8 else 0.0 for w in words]
    is_core = [1.0 if w >= CORE_WORDS else 0.0 for w in words]
    return _Context(words, core, repeats, short_run, chars_before, total, short, is_core)


def _dense(
    texts: list[str],
    furniture: list[bool],
    across: list[bool],
    ctx: _Context,
    index: int,
    found: list[str] | None = None,
) -> list[float]:
    text = texts[index]
    n = len(texts)
    words = ctx.words[index]
    found = _words(text) if found is None else found
    cased = [w for w in found if not w.isdigit()]
    title = sum(1 for w in cased if w[0].isupper()) / len(cased) if cased else 0.0
    caps = 1.0 if len(cased) > 1 and all(w.isupper() for w in cased) else 0.0
    digits = len(_DIGIT.findall(text)) / max(1, len(text))
    stripped = text.rstrip()
    core = ctx.core
    if core:
        before = max(0, core[0] - index)
        after = max(0, index - core[-1])
        inside = 1.0 if core[0] <= index <= core[-1] else 0.0
        k = bisect_left(core, index)
        gap = min(abs(index - core[j]) for j in (k - 1, k) if 0 <= j < len(core))
    else:
        before = after = 0
        inside = 0.0
        gap = n
    short, is_core = ctx.short, ctx.is_core
    lo, hi = max(0, index - 3), min(n, index + 4)
    others = hi - lo - 1
    return [
        math.log1p(len(text)),
        math.log1p(words),
        1.0 if words <= 3 else 0.0,
        1.0 if words <= 8 else 0.0,
        1.0 if stripped.endswith(_SENTENCE_END) else 0.0,
        1.0 if stripped.endswith(("?", "\uff1f")) else 0.0,
        1.0 if stripped.endswith((":", "\uff1a")) else 0.0,
        title,
        caps,
        digits,
        1.0 if _LINK_MARKS.search(text) else 0.0,
        1.0 if stripped.endswith(("...", "…")) else 0.0,
        1.0 if _CREDIT_MARKS.search(text) else 0.0,
        0.0 if core else 1.0,
        inside,
        math.log1p(before),
        math.log1p(after),
        index / max(1, n - 1),
        1.0 if index > 0 and furniture[index - 1] else 0.0,
        1.0 if index + 1 < n and furniture[index + 1] else 0.0,
        short[index - 1] if index > 0 else 0.0,
        short[index + 1] if index + 1 < n else 0.0,
        is_core[index - 1] if index > 0 else 0.0,
        is_core[index + 1] if index + 1 < n else 0.0,
        (sum(furniture[lo:index]) + sum(furniture[index + 1 : hi])) / max(1, others),
        (sum(short[lo:index]) + sum(short[index + 1 : hi])) / max(1, others),
        math.log1p(n),
        1.0 if ctx.repeats[text] > 1 else 0.0,
        1.0 if across[index] else 0.0,
        1.0 if index > 0 and across[index - 1] else 0.0,
        1.0 if index + 1 < n and across[index + 1] else 0.0,
        math.log1p(ctx.short_run[index]),
        math.log1p(gap),
        1.0 if _QUOTE_MARKS.search(text) else 0.0,
        1.0 if found and found[0][0].islower() else 0.0,
        ctx.chars_before[index] / max(1, ctx.total_chars),
        math.log1p(ctx.words[index - 1]) if index > 0 else 0.0,
        math.log1p(ctx.words[index + 1]) if index + 1 < n else 0.0,
    ]


@dataclass(frozen=True)
class FurnitureModel:
    name: str
    version: str
    threshold: float
    intercept: float
    dense: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    words: dict[str, float]

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def scores(
        self, texts: list[str], furniture: list[bool], across: list[bool], indices: list[int]
    ) -> np.ndarray:
        """The probability that each paragraph of ``indices`` is furniture."""
        if not indices:
            return np.zeros(0)
        ctx = _context(texts)
        found = [_words(texts[i]) for i in indices]
        rows = np.array(
            [
                _dense(texts, furniture, across, ctx, i, f)
                for i, f in zip(indices, found, strict=True)
            ],
            dtype=np.float64,
        )
        linear = ((rows - self.mean) / self.scale) @ self.dense + self.intercept
        words = self.words
        lexical = np.array(
            [
                sum(words.get(t, 0.0) for t in set(tokens(texts[i], f)))
                for i, f in zip(indices, found, strict=True)
            ]
        )
        return 1.0 / (1.0 + np.exp(-(linear + lexical)))


def load_model(path: Path = MODEL_PATH) -> FurnitureModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data["dense_features"] != list(DENSE):
        raise ValueError(f"{path}: dense features differ from packager.quality.model.DENSE")
    return model_from_record(data)


def model_from_record(data: dict) -> FurnitureModel:
    """The model of a ``furniture_model.json`` record (as the training script writes it)."""
    return FurnitureModel(
        name=data["name"],
        version=data["version"],
        threshold=float(data["threshold"]),
        intercept=float(data["intercept"]),
        dense=np.array(data["dense"], dtype=np.float64),
        mean=np.array(data["mean"], dtype=np.float64),
        scale=np.array(data["scale"], dtype=np.float64),
        words={k: float(v) for k, v in data["words"].items()},
    )


@cache
def shipped_model() -> FurnitureModel:
    return load_model()
