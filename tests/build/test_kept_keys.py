"""The survey keys the first pass keeps change nothing but the work of the second pass.

An article carried with its keys (:func:`with_survey_keys`) gives the same survey
entry and the same annotated records as one carried without them, and the records
leave the second pass without them.
"""

from __future__ import annotations

import copy
import pickle

import numpy as np

from packager.assemble import AssembledArticle, assemble
from packager.build.steps import (
    process_assembled,
    survey_entry_of,
    survey_keys,
    with_survey_keys,
)
from packager.check.validator import RecordChecker
from packager.ingest.raw import Metadata, RawArticle, Rejection
from packager.quality.survey import SurveyBuilder, paragraph_keys
from packager.settings import BuildSettings

STORIES = [
    "Ferry returns\n\nThe ferry returns on Monday after a long winter in the yard.\n\n"
    "Subscribe now\n\nShare this story",
    "Library hours\n\nThe library opens an hour earlier from next week, the council said.\n\n"
    "Subscribe now\n\nShare this story\n\nSubscribe now",
    "Rowing club\n\nThe rowing club won the regatta for the third year running.\n\n"
    "Share this story",
]


def _assembled(settings: BuildSettings) -> list[AssembledArticle]:
    made = []
    for number, text in enumerate(STORIES):
        raw = RawArticle(f"news/{number}.txt", "0" * 64, text, Metadata(publisher="P"), "file")
        item = assemble(raw, settings)
        assert isinstance(item, AssembledArticle)
        made.append(item)
    return made


def _survey(items, settings):
    builder = SurveyBuilder(0.8, settings.quality.minhash_permutations)
    for item in items:
        entry = survey_entry_of(item, settings)
        assert entry is not None
        builder.add_entry(entry)
    return builder.finish()


def test_the_kept_keys_are_the_paragraph_keys_and_survive_the_spill(settings):
    for item in _assembled(settings):
        keyed = with_survey_keys(item)
        assert isinstance(keyed, AssembledArticle)
        texts = [p["text"] for p in item.paragraphs]
        spilled = pickle.loads(pickle.dumps(keyed))
        assert spilled == keyed
        assert np.array_equal(survey_keys(spilled), paragraph_keys(texts))
        assert survey_keys(item) is None
    rejection = Rejection("empty-article", "news/x.txt: no text", "news/x.txt", None)
    assert with_survey_keys(rejection) is rejection


def test_kept_keys_give_the_same_entry_and_the_same_records(settings):
    plain = _assembled(settings)
    keyed = [with_survey_keys(item) for item in _assembled(settings)]
    for without, kept in zip(plain, keyed, strict=True):
        first, second = survey_entry_of(without, settings), survey_entry_of(kept, settings)
        assert np.array_equal(first.paragraph_keys, second.paragraph_keys)
        assert (first.exact, first.groups) == (second.exact, second.groups)
        assert np.array_equal(first.signature, second.signature)
    survey = _survey(plain, settings)
    checker = RecordChecker()
    for without, kept in zip(plain, keyed, strict=True):
        done_without = process_assembled(copy.deepcopy(without), settings, survey, checker)
        done_kept = process_assembled(copy.deepcopy(kept), settings, survey, checker)
        assert done_kept == done_without
        assert done_kept.paragraph_keys == b""
    assert any(  # the survey's evidence was read
        flag["code"] == "repeated-across-source"
        for p in process_assembled(keyed[1], settings, survey, checker).paragraphs
        for flag in p["flags"]
    )


def test_keys_that_do_not_match_the_paragraphs_are_not_used(settings):
    item = with_survey_keys(_assembled(settings)[0])
    assert isinstance(item, AssembledArticle)
    fewer = AssembledArticle(
        item.article, item.paragraphs[1:], 1, paragraph_keys=item.paragraph_keys
    )
    assert survey_keys(fewer) is None
