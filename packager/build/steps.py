"""What happens to one article in each pass: pure functions, run wherever the engine puts them.

First pass (:func:`assemble_raw`, :func:`survey_entry_of`): assemble (segment, identify,
locate) and take what the corpus survey needs. Second pass (:func:`process_assembled`):
annotate with the survey's evidence (kinds, flags, duplicates, language), apply the
policy (--drop, --dedup) and check every record against its schema.

A :class:`Rejection` passes through every step untouched, so the writer sees every
input unit exactly once, accepted or rejected.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from packager.assemble import AssembledArticle, assemble
from packager.check.validator import RecordChecker
from packager.ingest.raw import RawArticle, Rejection, where
from packager.quality.annotate import annotate, body_texts
from packager.quality.policy import apply_policy
from packager.quality.survey import (
    CorpusSurvey,
    SurveyEntry,
    evidence_groups,
    paragraph_keys,
    survey_entry,
)
from packager.settings import BuildSettings

Item = AssembledArticle | Rejection


def assemble_raw(raw: RawArticle | Rejection, settings: BuildSettings) -> Item:
    """The article's records, or the reason it has none."""
    return raw if isinstance(raw, Rejection) else assemble(raw, settings)


def with_survey_keys(item: Item) -> Item:
    """The article with its paragraphs' survey keys, computed once for both passes."""
    if isinstance(item, Rejection):
        return item
    keys = paragraph_keys([paragraph["text"] for paragraph in item.paragraphs])
    return replace(item, paragraph_keys=keys.tobytes())


def survey_keys(item: AssembledArticle) -> np.ndarray | None:
    """The survey keys the first pass kept (:func:`with_survey_keys`), or None."""
    if len(item.paragraph_keys) != 8 * len(item.paragraphs):  # none, or paragraphs dropped
        return None
    return np.frombuffer(item.paragraph_keys, dtype="<u8").astype(np.uint64, copy=False)


def survey_entry_of(item: Item, settings: BuildSettings) -> SurveyEntry | None:
    """What the first pass needs of one article (None for a rejection)."""
    if isinstance(item, Rejection):
        return None
    texts = [paragraph["text"] for paragraph in item.paragraphs]
    groups = evidence_groups(item.article["publisher"], item.article["source"]["path"])
    num_perm = settings.quality.minhash_permutations
    keys = survey_keys(item)
    return survey_entry(item.article_id, groups, texts, body_texts(texts), num_perm, keys)


def check_article(item: AssembledArticle, checker: RecordChecker) -> Item:
    """The article and every paragraph record against their schemas (pure, given the checker)."""
    findings = [
        {**finding, "message": f"article: {finding['message']}"}
        for finding in checker.findings("article", item.article)
    ]
    for paragraph in item.paragraphs:
        findings.extend(
            {**finding, "message": f"paragraph {paragraph['index']}: {finding['message']}"}
            for finding in checker.findings("paragraph", paragraph)
        )
    if not findings:
        return item
    source = item.article["source"]
    line = item.source_line
    first = findings[0]
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    return Rejection(
        "schema-invalid",
        f"{where(source['path'], line)}: {first['message']} at {first['pointer'] or '/'}"
        f"{more}; fix the input's metadata",
        source["path"],
        line,
        item.article_id,
        tuple(findings),
    )


def process_assembled(
    item: Item,
    settings: BuildSettings,
    survey: CorpusSurvey | None,
    checker: RecordChecker,
) -> Item:
    """Everything that happens to one assembled article in the second pass, but the
    unique-ID check: pure given its arguments."""
    if isinstance(item, Rejection):
        return item
    annotated = annotate(item, survey, settings, survey_keys(item))
    # the keys have served: the records go on without them
    item = apply_policy(replace(annotated, paragraph_keys=b""), settings)
    if isinstance(item, Rejection):
        return item
    return check_article(item, checker)
