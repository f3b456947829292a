"""The first pass's signature from the paragraphs' ID texts equals the one from the joined text.

:func:`article_signature` puts the article's ID text together from its paragraphs'
and reads the casefolded words without splitting them again; the references are
:func:`signature_of` of the joined texts, and the signature and shingle spans as
they were made before (benchmarks/classify_before/signature.py: the whole text folded,
its words split and joined again), compared array for array.
"""

from __future__ import annotations

import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from packager.identify import id_text, joined_id_text
from packager.quality.annotate import body_texts
from packager.quality.dedup import article_signature, shingle_spans, signature_of

from ..conftest import REPO
from .test_hot_paths import SHINGLE_EDGES, real_articles, real_paragraphs

sys.path.insert(0, str(REPO / "benchmarks"))

from classify_before import signature as signature_before

# paragraphs that start or end with combining marks, white space of every kind, empty ones
PARAGRAPHS = st.lists(
    st.text(
        st.characters(codec="utf-8")
        | st.sampled_from([" ", "\n", "\t", "\u3000", "\u00a0", "\u0301", "e", "\u1100", "\u1161"]),
        max_size=40,
    ),
    max_size=6,
)


def assert_same_spans(text: str) -> None:
    for new, old in zip(shingle_spans(text), signature_before.shingle_spans(text), strict=True):
        assert new.dtype == old.dtype
        assert np.array_equal(new, old), text[:80]


def test_casefolding_makes_no_white_space():
    # folded_shingle_spans reads the casefolded ID text as its words joined by spaces
    assert [
        c
        for c in map(chr, range(0x110000))
        if not c.isspace() and any(part.isspace() for part in c.casefold())
    ] == []


def test_shingle_spans_are_as_before_on_real_text():
    for text in real_articles() + real_paragraphs() + SHINGLE_EDGES:
        assert_same_spans(text)


@settings(max_examples=300, deadline=None)
@given(PARAGRAPHS)
def test_shingle_spans_are_as_before(paragraphs):
    assert_same_spans("\n".join(paragraphs))


@settings(max_examples=300, deadline=None)
@given(PARAGRAPHS)
def test_the_joined_id_text_is_the_id_text_of_the_joined_paragraphs(paragraphs):
    assert joined_id_text(paragraphs) == id_text("\n".join(paragraphs))


def assert_same_signature(texts: list[str], body: list[str]) -> None:
    exact, signature = article_signature(texts, body, 128)
    joined = ("\n".join(texts), "\n".join(body), 128)
    for expected_exact, expected in (signature_of(*joined), signature_before.signature_of(*joined)):
        assert exact == expected_exact
        assert signature.dtype == expected.dtype
        assert np.array_equal(signature, expected)


@settings(max_examples=200, deadline=None)
@given(PARAGRAPHS, st.lists(st.integers(0, 5), max_size=4))
def test_article_signature_equals_signature_of_the_joined_texts(texts, picked):
    body = [texts[i] for i in picked if i < len(texts)]
    assert_same_signature(texts, body)
    assert_same_signature(texts, texts)


def test_article_signature_on_real_articles_and_empty_bodies():
    for article in real_articles():
        texts = [line for line in article.split("\n") if line.strip()]
        assert_same_signature(texts, body_texts(texts))
        for body in ([], [""], ["", ""], [" "], texts[:1]):
            assert_same_signature(texts, body)
