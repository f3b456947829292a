"""What happens to one article in each pass: pure functions, run wherever the engine puts them.

First pass (:func:`assemble_raw`, :func:`survey_entry_of`): assemble (segment, identify,
locate) and take what the corpus survey needs. Second pass (:func:`process_assembled`):
annotate with the survey's evidence (kinds, flags, duplicates, language), apply the
policy (--drop, --dedup) and check every record against its schema.

A :class:`Rejection` passes through every step untouched, so the writer sees every
input unit exactly once, accepted or rejected.
"""

from __future__ import annotations

from packager.assemble import AssembledArticle, assemble
from packager.check.validator import RecordChecker
from packager.ingest.raw import RawArticle, Rejection, where
from packager.quality.annotate import annotate, body_texts
from packager.quality.policy import apply_policy
from packager.quality.survey import CorpusSurvey, SurveyEntry, evidence_groups, survey_entry
from packager.settings import BuildSettings

Item = AssembledArticle | Rejection


def assemble_raw(raw: RawArticle | Rejection, settings: BuildSettings) -> Item:
    """The article's records, or the reason it has none."""
    return raw if isinstance(raw, Rejection) else assemble(raw, settings)


def survey_entry_of(item: Item, settings: BuildSettings) -> SurveyEntry | None:
    """What the first pass needs of one article (None for a rejection)."""
    if isinstance(item, Rejection):
        return None
    texts = [paragraph["text"] for paragraph in item.paragraphs]
    groups = evidence_groups(item.article["publisher"], item.article["source"]["path"])
    num_perm = settings.quality.minhash_permutations
    return survey_entry(item.article_id, groups, texts, body_texts(texts), num_perm)


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
    item = apply_policy(annotate(item, survey, settings), settings)
    if isinstance(item, Rejection):
        return item
    return check_article(item, checker)
