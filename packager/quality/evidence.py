"""What the corpus survey says of one article's paragraphs, read one paragraph at a time.

:meth:`packager.quality.survey.CorpusSurvey.lookup` finds the counts of all of an
article's paragraphs in one step; the classifier then asks, for each paragraph, in
how many articles of one group it is (:meth:`ArticleCounts.articles_with`) and, for
a repeated one, in how many distinct articles (:meth:`ArticleCounts.template_count`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class TemplateCount:
    """Articles of ``group`` with a paragraph: ``distinct`` counts near-copies once."""

    distinct: int
    articles: int
    group: str | None
    group_size: int


@dataclass(frozen=True)
class ArticleCounts:
    """The survey's counts for the paragraphs of one article, from one lookup.

    ``rows[paragraph][column]`` is [articles, of them copies] in ``groups[column]``:
    plain lists, since the classifier reads them one paragraph at a time.
    """

    groups: tuple[str, ...]
    rows: list[list[list[int]]]
    group_articles: Counter[str]

    def articles_with(self, paragraph: int) -> tuple[int, str | None]:
        """The most articles of one group that contain the paragraph, and that group."""
        best, best_group = 0, None
        for group, (count, _) in zip(self.groups, self.rows[paragraph], strict=True):
            if count > best:
                best, best_group = count, group
        return best, best_group

    def template_count(self, paragraph: int) -> TemplateCount:
        """In how many articles of one group the paragraph occurs, copies of one article once."""
        best = TemplateCount(0, 0, None, 0)
        for group, (articles, copies) in zip(self.groups, self.rows[paragraph], strict=True):
            distinct = articles - copies
            if (distinct, articles) > (best.distinct, best.articles):
                best = TemplateCount(distinct, articles, group, self.group_articles[group])
        return best
