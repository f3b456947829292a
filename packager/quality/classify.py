"""Give every paragraph of an article a kind and the flags that are its evidence.

Kinds: ``body`` (the article's own reporting), ``heading``, ``byline`` (author
blurb, sign-off or credit line) and ``boilerplate`` (page furniture). Flags are
stable reason codes with their evidence; the README lists them all.

The decision for one paragraph weighs its own shape (:mod:`signals`), its
repeats inside the article and, when a corpus survey is given, how many
articles of the same publisher or source folder contain it: in
``template_min_articles`` distinct articles (near-copies once) it is the outlet's
template text. Then a block pass looks at neighbours: page furniture comes in
runs (a sub-heading, a blurb, an appeal, two buttons), so every member of a run
of non-body paragraphs gets ``promo-block``; a run of consecutive paragraphs
that repeat across the source is judged as one unit and joins the furniture it
touches; and prose in the outlet's appeal voice too weak to stand alone joins
furniture beside it. A body paragraph carries only repetition flags, never a
boilerplate reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from packager.identify import id_text
from packager.quality.evidence import ArticleCounts, TemplateCount
from packager.quality.model import candidates, shipped_model
from packager.quality.reading import reading
from packager.quality.survey import CorpusSurvey, paragraph_keys
from packager.settings import QualitySettings
from packager.vocabulary import FLAG_MEANINGS, KIND_MEANINGS

KINDS = tuple(KIND_MEANINGS)
FLAG_CODES = tuple(FLAG_MEANINGS)
_INFORMATIONAL = {"repeated-in-article", "repeated-across-source"}


def flag(code: str, count: int | None = None, detail: str | None = None) -> dict[str, Any]:
    return {"code": code, "count": count, "detail": detail}


@dataclass
class _Paragraph:
    kind: str
    flags: list[dict[str, Any]] = field(default_factory=list)
    repeated_across_source: bool = False
    ends_like_a_sentence: bool = True
    weak_appeal: str | None = None  # appeal wording too weak alone: joins furniture beside it
    pending_template: dict[str, Any] | None = None  # template text that reads as reporting
    words: int = 0  # signals.word_count


def classify(
    texts: list[str],
    groups: tuple[str, ...],
    survey: CorpusSurvey | None,
    settings: QualitySettings,
    keys: np.ndarray | None = None,
) -> list[tuple[str, list[dict[str, Any]]]]:
    """(kind, flags) for each paragraph of one article, in order.

    ``keys``: the paragraphs' survey keys (:func:`paragraph_keys`) when the first
    pass kept them; the survey is asked about all of them at once.
    """
    folded = [id_text(text) for text in texts]
    in_article = Counter(folded)
    counts = None
    if survey is not None:
        counts = survey.lookup(groups, paragraph_keys(texts) if keys is None else keys)
    paragraphs = [
        _judge(text, in_article[key], counts, index, settings)
        for index, (text, key) in enumerate(zip(texts, folded, strict=True))
    ]
    _mark_blocks(paragraphs)
    if settings.furniture_model is not None:
        words = [p.words for p in paragraphs]
        _model_pass(texts, words, paragraphs, settings.furniture_model)
    _flag_promo_blocks(paragraphs)
    return [
        (
            p.kind,
            p.flags if p.kind != "body" else [f for f in p.flags if f["code"] in _INFORMATIONAL],
        )
        for p in paragraphs
    ]


def _judge(
    text: str,
    repeats: int,
    counts: ArticleCounts | None,
    index: int,
    settings: QualitySettings,
) -> _Paragraph:
    """One paragraph on its own; ``repeats``: its copies in the article, ``counts``: the
    survey's counts for the article (the paragraph's are at ``index``).

    What the text alone says (:mod:`packager.quality.reading`) is read once per
    distinct text and remembered for texts seen more than once.
    """
    flags = []
    if repeats > 1:
        flags.append(flag("repeated-in-article", count=repeats))
    across, group = counts.articles_with(index) if counts is not None else (0, None)
    repeated_across = across >= settings.repeat_min_articles
    if repeated_across:
        flags.append(flag("repeated-across-source", count=across, detail=group))
    read = reading(text, settings, remember=repeats > 1 or across > 1)
    flags += read.flag_dicts()
    reads_as_reporting = read.reads_as_reporting
    template = (
        _template(counts.template_count(index), settings, reads_as_reporting)
        if counts is not None and repeated_across
        else None
    )
    # Template text that reads as reporting ("The county did not respond to a request
    # for comment.") is furniture only inside the outlet's tail: the block pass decides.
    pending = template if template and reads_as_reporting and not read.heading else None
    if template and not pending:
        flags.append(template)
    strong_appeal = read.appeal is not None and read.appeal[0] == "strong"
    if read.credit or (read.signed and read.signed[0] == "name-title"):
        kind = "byline"
    elif (
        not read.letters
        or read.cta
        or read.signed
        or strong_appeal
        or (read.short and (repeats > 1 or repeated_across))
    ):
        kind = "boilerplate"
    elif read.heading:
        kind = "heading"
    elif (template and not pending) or (repeated_across and not read.sentence) or read.short:
        kind = "boilerplate"
    else:
        kind = "body"
    weak = read.appeal[1] if read.appeal and read.appeal[0] == "weak" else None
    return _Paragraph(kind, flags, repeated_across, read.sentence, weak, pending, read.words)


def _template(
    count: TemplateCount, settings: QualitySettings, reads_as_reporting: bool
) -> dict[str, Any] | None:
    """The template-text flag when a paragraph is in enough distinct articles of one group.

    Near-copies of one article count once. A paragraph found often enough only
    because the articles copy each other is template text only when it does not
    read as reporting (a button, a fragment), never a sentence of the story.
    """
    enough = settings.template_min_articles
    if count.distinct < enough and (count.articles < enough or reads_as_reporting):
        return None
    share = f"{100 * count.distinct / count.group_size:.0f}%" if count.group_size else "0%"
    detail = f"{count.distinct} of {count.group_size} articles ({share}) of {count.group}"
    if count.articles != count.distinct:
        detail += f"; {count.articles} with near-copies"
    return flag("template-text", count=count.distinct, detail=detail)


def _furniture(kind: str | None) -> bool:
    return kind not in (None, "body")


def _run_joins(paragraphs: list[_Paragraph], start: int, end: int) -> list[int]:
    """Body members of a run of paragraphs repeated across the source that join furniture.

    The run is one unit: past its first non-body member (a heading of the promo, a
    button) it is furniture up to its last one; before and after those, its body
    members join when the furniture goes on to the run's edge (furniture or the
    article's end beyond it, furniture before it). At a border with the story,
    a member joins only when it touches boilerplate and does not end like a
    sentence: "The county did not respond to a request for comment." repeats
    across an outlet's stories, ends the body, and is reporting.
    """
    kinds = [p.kind for p in paragraphs]
    before = kinds[start - 1] if start > 0 else None
    after = kinds[end + 1] if end + 1 < len(kinds) else None
    closed_before = _furniture(before)
    open_after = after is None or _furniture(after)
    furniture = [i for i in range(start, end + 1) if _furniture(kinds[i])]
    joins = []
    for index in range(start, end + 1):
        if kinds[index] != "body":
            continue
        if not furniture:
            inside = closed_before and open_after
        elif index < furniture[0]:
            inside = closed_before
        elif index > furniture[-1]:
            inside = open_after
        else:
            inside = True
        neighbours = (
            before if index == start else kinds[index - 1],
            after if index == end else kinds[index + 1],
        )
        edge = "boilerplate" in neighbours and not paragraphs[index].ends_like_a_sentence
        if inside or edge:
            joins.append(index)
    return joins


def _mark_blocks(paragraphs: list[_Paragraph]) -> None:
    """Runs of repeated paragraphs and weak appeals join furniture; flag promo blocks."""
    changed = True
    while changed:
        changed = False
        for index, paragraph in enumerate(paragraphs):
            if paragraph.kind == "body" and paragraph.weak_appeal:
                before = paragraphs[index - 1].kind if index > 0 else None
                after = paragraphs[index + 1].kind if index + 1 < len(paragraphs) else None
                if _furniture(before) or _furniture(after):
                    paragraph.kind = "boilerplate"
                    paragraph.flags.append(flag("appeal-prose", detail=paragraph.weak_appeal))
                    changed = True
        start = 0
        while start < len(paragraphs):
            if not paragraphs[start].repeated_across_source:
                start += 1
                continue
            end = start
            while end + 1 < len(paragraphs) and paragraphs[end + 1].repeated_across_source:
                end += 1
            for index in _run_joins(paragraphs, start, end):
                joined = paragraphs[index]
                joined.kind = "boilerplate"
                if joined.pending_template:
                    joined.flags.append(joined.pending_template)
                changed = True
            start = end + 1


def _model_pass(
    texts: list[str], words: list[int], paragraphs: list[_Paragraph], name: str
) -> None:
    """Short paragraphs the rules left as body that the furniture model calls furniture."""
    model = shipped_model()
    if name != model.label:
        raise ValueError(f"furniture_model {name!r}: this packager ships {model.label!r}")
    furniture = [p.kind != "body" for p in paragraphs]
    indices = candidates(texts, furniture, words)
    if not indices:
        return
    across = [p.repeated_across_source for p in paragraphs]
    scores = model.scores(texts, furniture, across, indices, words)
    for index, score in zip(indices, scores, strict=True):
        if score >= model.threshold:
            paragraph = paragraphs[index]
            paragraph.kind = "boilerplate"
            paragraph.flags.append(flag("model-furniture", detail=f"{score:.2f}"))


def _flag_promo_blocks(paragraphs: list[_Paragraph]) -> None:
    start = 0
    while start < len(paragraphs):
        if paragraphs[start].kind == "body":
            start += 1
            continue
        end = start
        while end + 1 < len(paragraphs) and paragraphs[end + 1].kind != "body":
            end += 1
        run = paragraphs[start : end + 1]
        if len(run) >= 2 and any(p.kind == "boilerplate" for p in run):
            for member in run:
                member.flags.append(flag("promo-block", count=len(run), detail=f"{start}-{end}"))
        start = end + 1
