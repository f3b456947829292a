"""``packager annotations stats``: label counts and agreement between annotators.

Classification agreement (see :mod:`packager.labeling.agreement`): Cohen's
kappa averaged over annotator pairs, and Krippendorff's alpha for any number
of annotators; multi-label answers are compared as sets with the MASI
distance. Spans are compared as pairwise exact-match F1 of (start, end,
label), the CoNLL convention, over paragraphs that both annotators of a pair
labeled. "Paragraphs with 2+ annotators" counts every task type.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from packager._types import StrPath
from packager.labeling.agreement import krippendorff_alpha, mean_cohen_kappa
from packager.labeling.annotation_folder import annotation_rows


@dataclass
class AnnotationStats:
    """Per-label counts and agreement figures (None when there is nothing to compare)."""

    annotations: int = 0
    annotators: list[str] = field(default_factory=list)
    classification_labels: Counter[str] = field(default_factory=Counter)
    span_labels: Counter[str] = field(default_factory=Counter)
    paragraphs_with_two_or_more: int = 0
    kappa: float | None = None
    alpha: float | None = None
    span_f1: float | None = None
    span_pairs: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "annotations": self.annotations,
            "annotators": self.annotators,
            "classification_labels": dict(sorted(self.classification_labels.items())),
            "span_labels": dict(sorted(self.span_labels.items())),
            "paragraphs_with_two_or_more": self.paragraphs_with_two_or_more,
            "kappa": self.kappa,
            "alpha": self.alpha,
            "span_f1": self.span_f1,
            "span_pairs": self.span_pairs,
        }


def _who(row: dict[str, Any]) -> str:
    return row["annotator"] or f"{row['tool']}:unknown"


def _unit(row: dict[str, Any]) -> str:
    """What was annotated: the paragraph, or the article for an article-level class."""
    return row["paragraph_id"] or f"article:{row['article_id']}"


def annotation_stats(annotations: StrPath) -> AnnotationStats:
    """Counts and agreement of an annotations table (``annotations.jsonl`` or its folder)."""
    annotations = Path(annotations)
    stats = AnnotationStats()
    classes: dict[tuple[str, str], frozenset[str]] = {}
    spans: dict[str, dict[str, set[tuple[int, int, str]]]] = defaultdict(lambda: defaultdict(set))
    annotators_of: dict[str, set[str]] = defaultdict(set)
    multi = False
    for row in annotation_rows(annotations, "annotations stats"):
        stats.annotations += 1
        who = _who(row)
        annotators_of[_unit(row)].add(who)
        if row["task"] == "classification":
            stats.classification_labels.update(row["labels"])
            classes[(who, _unit(row))] = frozenset(row["labels"])
            multi = multi or len(row["labels"]) > 1
        else:
            stats.span_labels[row["label"]] += 1
            spans[row["paragraph_id"]][who].add((row["start"], row["end"], row["label"]))
    stats.annotators = sorted({who for by in annotators_of.values() for who in by})
    stats.paragraphs_with_two_or_more = sum(len(by) >= 2 for by in annotators_of.values())
    _classification_agreement(stats, classes, multi)
    _span_agreement(stats, spans)
    return stats


def _classification_agreement(
    stats: AnnotationStats, classes: dict[tuple[str, str], frozenset[str]], multi: bool
) -> None:
    units: dict[str, dict[str, Any]] = defaultdict(dict)
    for (who, item), labels in classes.items():
        units[item][who] = labels if multi else min(labels)
    if not multi:
        kappa = mean_cohen_kappa(units)
        stats.kappa = None if kappa is None else round(kappa, 4)
    alpha = krippendorff_alpha(units, sets=multi)
    stats.alpha = None if alpha is None else round(alpha, 4)


def _span_agreement(stats: AnnotationStats, spans: dict[str, dict[str, set[Any]]]) -> None:
    matched = total = 0
    for by_annotator in spans.values():
        for first, second in combinations(sorted(by_annotator), 2):
            a, b = by_annotator[first], by_annotator[second]
            matched += 2 * len(a & b)
            total += len(a) + len(b)
            stats.span_pairs += 1
    if total:
        stats.span_f1 = round(matched / total, 4)
