# Frozen copy of the survey lookups of packager/quality/survey.py at 82d67f7 (before the
# lookups of issue 16): one search of the sorted keys per paragraph, then a walk over its
# entries. classify.py here calls them, so the frozen classifier costs what it cost then
# (bench_hot_paths.py), and tests/quality/test_survey_lookup.py keeps the same reference.
"""The per-paragraph survey lookups, as they were: functions of a :class:`CorpusSurvey`."""

from __future__ import annotations

import numpy as np

from packager.quality.evidence import TemplateCount
from packager.quality.survey import CorpusSurvey, paragraph_key


def counts(survey: CorpusSurvey, groups: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """(articles, of them copies) for each of ``groups`` that contain ``text``."""
    key = int.from_bytes(paragraph_key(text), "little")
    keys = survey.keys
    at = int(np.searchsorted(keys, np.uint64(key)))
    found: dict[int, tuple[int, int]] = {}
    while at < len(keys) and int(keys[at]) == key:
        found[int(survey.key_groups[at])] = (int(survey.articles[at]), int(survey.in_copies[at]))
        at += 1
    if not found:
        return [(0, 0)] * len(groups)
    none = (0, 0)
    ids = survey.group_ids
    return [found.get(ids.get(group, -1), none) for group in groups]


def articles_with(
    survey: CorpusSurvey, groups: tuple[str, ...], text: str
) -> tuple[int, str | None]:
    """The most articles of one group that contain ``text``, and that group."""
    best, best_group = 0, None
    for group, (count, _) in zip(groups, counts(survey, groups, text), strict=True):
        if count > best:
            best, best_group = count, group
    return best, best_group


def template_count(survey: CorpusSurvey, groups: tuple[str, ...], text: str) -> TemplateCount:
    """In how many articles of one group ``text`` occurs, copies of one article once."""
    best = TemplateCount(0, 0, None, 0)
    for group, (articles, copies) in zip(groups, counts(survey, groups, text), strict=True):
        distinct = articles - copies
        if (distinct, articles) > (best.distinct, best.articles):
            best = TemplateCount(distinct, articles, group, survey.group_articles[group])
    return best
