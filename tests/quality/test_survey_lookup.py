"""One lookup per article gives, paragraph by paragraph, what one lookup per paragraph gave.

The reference is the survey's lookup as it was before: one ``np.searchsorted`` of a
paragraph's key, then a walk over its entries (frozen in
benchmarks/classify_before/survey.py). It is held against
:meth:`CorpusSurvey.lookup` on a survey built by hand (keys in only some groups,
groups the survey does not know, keys with many groups) and on generated corpora.
"""

from __future__ import annotations

import random
import sys
from collections import Counter

import numpy as np
import pytest

from packager.quality.classify import classify
from packager.quality.evidence import TemplateCount
from packager.quality.survey import CorpusSurvey, SurveyBuilder, paragraph_key, paragraph_keys
from packager.settings import QualitySettings
from tests.quality.test_flat_survey import corpus

from ..conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from classify_before import survey as survey_before


def _assert_same_as_one_by_one(survey, groups, texts):
    counts = survey.lookup(groups, paragraph_keys(texts))
    for index, text in enumerate(texts):
        assert [tuple(cell) for cell in counts.rows[index]] == survey_before.counts(
            survey, groups, text
        )
        most = survey_before.articles_with(survey, groups, text)
        template = survey_before.template_count(survey, groups, text)
        assert counts.articles_with(index) == most
        assert counts.template_count(index) == template
        assert survey.articles_with(groups, text) == most  # the methods kept for one paragraph
        assert survey.template_count(groups, text) == template


def _hand_made_survey() -> CorpusSurvey:
    """Keys of "Shared", "Partly" and "Everywhere" in some groups (sorted by key, group)."""
    names = [f"publisher:p{n}" for n in range(6)] + ["folder:a"]
    rows = {  # text -> {group: (articles, copies)}
        "Shared": {0: (3, 1), 6: (2, 0)},
        "Partly": {1: (4, 4)},
        "Everywhere": {group: (group + 2, group % 2) for group in range(7)},
    }
    entries = sorted(
        (int.from_bytes(paragraph_key(text), "little"), group, articles, copies)
        for text, groups in rows.items()
        for group, (articles, copies) in groups.items()
    )
    keys, key_groups, articles, copies = zip(*entries, strict=True)
    return CorpusSurvey(
        group_ids={name: number for number, name in enumerate(names)},
        keys=np.array(keys, dtype=np.uint64),
        key_groups=np.array(key_groups, dtype=np.uint32),
        articles=np.array(articles, dtype=np.uint32),
        in_copies=np.array(copies, dtype=np.uint32),
        group_articles=Counter({name: 10 + number for number, name in enumerate(names)}),
    )


@pytest.mark.parametrize(
    "groups",
    [
        ("folder:a", "publisher:p0"),
        ("folder:a", "publisher:p1"),
        ("folder:b", "publisher:p5"),  # a folder the survey does not know
        ("folder:b",),
        ("publisher:p1",),
        (),
    ],
)
def test_one_lookup_per_article_equals_one_per_paragraph(groups):
    texts = ["Shared", "Absent", "Partly", "Everywhere", "Shared", "Also absent", "Partly"]
    _assert_same_as_one_by_one(_hand_made_survey(), groups, texts)


def test_an_article_without_paragraphs_or_an_empty_survey_has_no_counts():
    survey = _hand_made_survey()
    assert survey.lookup(("folder:a",), paragraph_keys([])).rows == []
    empty = CorpusSurvey()
    counts = empty.lookup(("folder:a", "publisher:p0"), paragraph_keys(["Shared", "Absent"]))
    assert counts.rows == [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]
    assert counts.template_count(0) == TemplateCount(0, 0, None, 0)


def test_paragraph_keys_are_the_survey_keys_in_order():
    texts = ["One  line.", "Two.", "One line.", ""]
    keys = paragraph_keys(texts)
    assert keys.dtype == np.uint64
    assert keys.tolist() == [int.from_bytes(paragraph_key(t), "little") for t in texts]
    assert keys[0] == keys[2]  # the same ID text


@pytest.mark.parametrize("seed", [6, 7])
def test_one_lookup_per_article_on_generated_corpora(tmp_path, seed):
    articles = corpus(seed, 600)
    builder = SurveyBuilder(0.8, 64, tmp_path / "survey")
    for article in articles:
        builder.add(*article)
    survey = builder.finish()
    assert len(survey.keys) > 20
    every_group = sorted({group for _, groups, _, _ in articles for group in groups})
    rng = random.Random(seed)
    for _, groups, texts, _ in articles[:200]:
        asked = (*groups, rng.choice(every_group), "publisher:none")
        _assert_same_as_one_by_one(survey, asked, texts)


def test_classify_with_the_first_pass_keys_equals_classify_without(tmp_path):
    articles = corpus(8, 400)
    builder = SurveyBuilder(0.8, 64, tmp_path / "survey")
    for article in articles:
        builder.add(*article)
    survey = builder.finish()
    settings = QualitySettings()
    for _, groups, texts, _ in articles:
        keys = paragraph_keys(texts)
        assert classify(texts, groups, survey, settings, keys) == classify(
            texts, groups, survey, settings
        )
