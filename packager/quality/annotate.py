"""The second pass: put corpus evidence on one assembled article (pure, given the survey)."""

from __future__ import annotations

import numpy as np

from packager.assemble import AssembledArticle
from packager.identify import split_for
from packager.quality import dedup, hygiene, language
from packager.quality.classify import classify
from packager.quality.hygiene import hygiene_flags
from packager.quality.language import detect_language
from packager.quality.signals import word_count
from packager.quality.survey import CorpusSurvey, evidence_groups
from packager.settings import BuildSettings

DEDUP_MIN_WORDS = 12


def load_models() -> None:
    """Load the language model and compile the mojibake regex (once per process).

    Called before worker processes fork, so they share one copy instead of each
    paying the seconds of loading it.
    """
    language.load()
    hygiene.badness_search()
    # The compiled kernels (numba loads them on first call) and the widened language
    # table are made here too, so forked workers share them instead of each making
    # its own copy (about 60 MB of table and the kernels' code per worker).
    language.classify("warm up the language walk")
    dedup.signature("warm up the minhash kernel", 16)


def annotate(
    item: AssembledArticle,
    survey: CorpusSurvey | None,
    settings: BuildSettings,
    keys: np.ndarray | None = None,
) -> AssembledArticle:
    """Kinds and flags, duplicate group (and so the split) and language, set in place.

    ``keys``: the paragraphs' survey keys, when the first pass kept them."""
    article = item.article
    texts = [paragraph["text"] for paragraph in item.paragraphs]
    groups = evidence_groups(article["publisher"], article["source"]["path"])
    for paragraph, (kind, flags) in zip(
        item.paragraphs, classify(texts, groups, survey, settings.quality, keys), strict=True
    ):
        paragraph["kind"] = kind
        paragraph["flags"] = flags + hygiene_flags(paragraph["text"], settings.quality)
    if survey is not None:
        representative = survey.duplicate_of.get(item.article_id)
        if representative is not None:
            article["duplicate_of"] = representative
            article["dup_group"] = representative
            split = split_for(representative, settings.splits)
            article["split"] = split
            for paragraph in item.paragraphs:
                paragraph["split"] = split
    if article["language"] is None:
        body = "\n".join(p["text"] for p in item.paragraphs if p["kind"] == "body")
        language = detect_language(body or article["text"])
        if language is not None:
            article["language"] = language
            article["language_source"] = "detected"
    return item


def body_texts(texts: list[str]) -> list[str]:
    """What duplicates are judged on: paragraphs long enough to be reporting.

    Page furniture is mostly short, and what long furniture remains (an appeal)
    is a small share of an article's shingles; a full classification here would
    double the cost of the first pass for no change in the groups.
    """
    return [text for text in texts if word_count(text) >= DEDUP_MIN_WORDS] or texts
