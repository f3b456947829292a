"""The second pass: put corpus evidence on one assembled article (pure, given the survey)."""

from __future__ import annotations

from packager.assemble import AssembledArticle
from packager.identify import split_for
from packager.quality.classify import classify
from packager.quality.language import detect_language
from packager.quality.survey import CorpusSurvey, evidence_groups
from packager.settings import BuildSettings


def annotate(
    item: AssembledArticle, survey: CorpusSurvey | None, settings: BuildSettings
) -> AssembledArticle:
    """Kinds and flags, duplicate group (and so the split) and language, set in place."""
    article = item.article
    texts = [paragraph["text"] for paragraph in item.paragraphs]
    groups = evidence_groups(article["publisher"], article["source"]["path"])
    for paragraph, (kind, flags) in zip(
        item.paragraphs, classify(texts, groups, survey, settings.quality), strict=True
    ):
        paragraph["kind"] = kind
        paragraph["flags"] = flags
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


def body_texts(
    texts: list[str], publisher: object, source_path: str, settings: BuildSettings
) -> list[str]:
    """The paragraphs that look like body on their own (what duplicates are judged on)."""
    groups = evidence_groups(publisher, source_path)
    kinds = classify(texts, groups, None, settings.quality)
    return [text for text, (kind, _) in zip(texts, kinds, strict=True) if kind == "body"]
