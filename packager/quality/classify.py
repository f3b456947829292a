"""Give every paragraph of an article a kind and the flags that are its evidence.

Kinds: ``body`` (the article's own reporting), ``heading``, ``byline`` (author
blurb, sign-off or credit line) and ``boilerplate`` (page furniture). Flags are
stable reason codes with their evidence; the README lists them all.

The decision for one paragraph weighs its own shape (:mod:`signals`), its
repeats inside the article and, when a corpus survey is given, how many
articles of the same publisher or source folder contain it. Then a block pass
looks at neighbours: page furniture comes in runs (a sub-heading, a blurb, an
appeal, two buttons), so every member of a run of non-body paragraphs gets
``promo-block``, and a paragraph that repeats across the source and touches
such a run joins it. A body paragraph carries only repetition flags, never a
boilerplate reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from packager.identify import id_text
from packager.quality.signals import (
    byline,
    call_to_action,
    ends_like_a_sentence,
    has_letters,
    heading_like,
    too_short,
    word_count,
)
from packager.quality.survey import CorpusSurvey
from packager.settings import QualitySettings

KIND_MEANINGS = {
    "body": "the article's own reporting",
    "heading": "a sub-heading (in the story or of a promo section)",
    "byline": "author blurb, sign-off or credit line",
    "boilerplate": "page furniture: appeals, buttons, sign-in prompts, teasers",
}
FLAG_MEANINGS = {
    "repeated-in-article": "the same text more than once in the article (count)",
    "repeated-across-source": "in several articles of one publisher or folder (count, group)",
    "call-to-action": "subscribe/sign-in/donate/newsletter/paywall wording (the words)",
    "promo-block": "part of a run of non-body paragraphs (run length, positions)",
    "too-short": "a fragment that does not end like a sentence (length)",
    "no-letters": "only digits, punctuation, symbols or emoji",
    "credit-line": "byline or credit wording (the words)",
    "heading-like": "short line shaped like a sub-heading",
    "control-characters": "control characters other than tab (count, the code points)",
    "mojibake": "text decoded with the wrong code page upstream (ftfy's repair)",
    "very-long": "longer than long_paragraph_chars (length)",
}
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


def classify(
    texts: list[str],
    groups: tuple[str, ...],
    survey: CorpusSurvey | None,
    settings: QualitySettings,
) -> list[tuple[str, list[dict[str, Any]]]]:
    """(kind, flags) for each paragraph of one article, in order."""
    in_article = Counter(id_text(text) for text in texts)
    paragraphs = [_judge(text, in_article, groups, survey, settings) for text in texts]
    _mark_blocks(paragraphs)
    return [
        (
            p.kind,
            p.flags if p.kind != "body" else [f for f in p.flags if f["code"] in _INFORMATIONAL],
        )
        for p in paragraphs
    ]


def _judge(
    text: str,
    in_article: Counter[str],
    groups: tuple[str, ...],
    survey: CorpusSurvey | None,
    settings: QualitySettings,
) -> _Paragraph:
    flags = []
    repeats = in_article[id_text(text)]
    if repeats > 1:
        flags.append(flag("repeated-in-article", count=repeats))
    across, group = survey.articles_with(groups, text) if survey is not None else (0, None)
    repeated_across = across >= settings.repeat_min_articles
    if repeated_across:
        flags.append(flag("repeated-across-source", count=across, detail=group))
    letters = has_letters(text)
    if not letters:
        flags.append(flag("no-letters"))
    short = too_short(text, settings.too_short_chars)
    if short:
        flags.append(flag("too-short", count=len(text)))
    words = word_count(text)
    cta = call_to_action(text, settings.short_line_words, words)
    if cta:
        flags.append(flag("call-to-action", detail=cta))
    credit = byline(text, words=words)
    if credit:
        flags.append(flag("credit-line", detail=credit))
    heading = not cta and not credit and heading_like(text, words=words)
    if heading:
        flags.append(flag("heading-like"))
    if credit:
        kind = "byline"
    elif not letters or cta or (short and (repeats > 1 or repeated_across)):
        kind = "boilerplate"
    elif heading:
        kind = "heading"
    elif (repeated_across and not ends_like_a_sentence(text)) or short:
        kind = "boilerplate"
    else:
        kind = "body"
    return _Paragraph(kind, flags, repeated_across, ends_like_a_sentence(text))


def _in_furniture(paragraphs: list[_Paragraph], index: int) -> bool:
    """Inside a run of furniture, or at its edge without reading like a sentence.

    Between two non-body paragraphs (or last after one) it is furniture. At the
    border between body and tail it joins the tail only when it does not end
    like a sentence: "The county did not respond to a request for comment."
    repeats across an outlet's stories, ends the body, and is reporting.
    """
    before = paragraphs[index - 1].kind if index > 0 else None
    after = paragraphs[index + 1].kind if index + 1 < len(paragraphs) else None
    if before not in (None, "body") and after not in (None, "body"):
        return True
    if after is None and before not in (None, "body"):
        return True
    return "boilerplate" in (before, after) and not paragraphs[index].ends_like_a_sentence


def _mark_blocks(paragraphs: list[_Paragraph]) -> None:
    """Flag runs of page furniture as promo blocks; repeated neighbours join them."""
    changed = True
    while changed:
        changed = False
        for index, paragraph in enumerate(paragraphs):
            if (
                paragraph.kind == "body"
                and paragraph.repeated_across_source
                and _in_furniture(paragraphs, index)
            ):
                paragraph.kind = "boilerplate"
                changed = True
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
