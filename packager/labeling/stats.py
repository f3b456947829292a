"""``packager annotations stats``: label counts and agreement between annotators.

Agreement uses NLTK's ``AnnotationTask`` (a long-standing reference
implementation): Cohen's kappa averaged over annotator pairs, and
Krippendorff's alpha for any number of annotators; multi-label answers are
compared as sets with the MASI distance. Spans are compared as pairwise
exact-match F1 of (start, end, label), the CoNLL convention, over paragraphs
that both annotators of a pair labeled.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import binary_distance, masi_distance

from packager._types import StrPath
from packager.errors import ConfigError
from packager.labeling.tasks import _lines


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


def annotation_stats(annotations: StrPath) -> AnnotationStats:
    """Counts and agreement of an annotations table (``annotations.jsonl`` or its folder)."""
    annotations = Path(annotations)
    path = annotations / "annotations.jsonl" if annotations.is_dir() else annotations
    if not path.exists():
        raise ConfigError(f"{path} does not exist; run packager annotations import first")
    stats = AnnotationStats()
    classes: dict[tuple[str, str], frozenset[str]] = {}
    spans: dict[str, dict[str, set[tuple[int, int, str]]]] = defaultdict(lambda: defaultdict(set))
    multi = False
    for row in _lines(path):
        stats.annotations += 1
        who = _who(row)
        if row["task"] == "classification":
            stats.classification_labels.update(row["labels"])
            classes[(who, row["paragraph_id"])] = frozenset(row["labels"])
            multi = multi or len(row["labels"]) > 1
        else:
            stats.span_labels[row["label"]] += 1
            spans[row["paragraph_id"]][who].add((row["start"], row["end"], row["label"]))
    stats.annotators = sorted(
        {who for who, _ in classes} | {w for by in spans.values() for w in by}
    )
    _classification_agreement(stats, classes, multi)
    _span_agreement(stats, spans)
    return stats


def _classification_agreement(
    stats: AnnotationStats, classes: dict[tuple[str, str], frozenset[str]], multi: bool
) -> None:
    coders_per_item: dict[str, set[str]] = defaultdict(set)
    for who, item in classes:
        coders_per_item[item].add(who)
    shared = {item for item, coders in coders_per_item.items() if len(coders) >= 2}
    stats.paragraphs_with_two_or_more = len(shared)
    if not shared:
        return
    data = [
        (who, item, labels if multi else next(iter(sorted(labels))))
        for (who, item), labels in sorted(classes.items(), key=lambda x: (x[0][0], x[0][1]))
        if item in shared
    ]
    task = AnnotationTask(data=data, distance=masi_distance if multi else binary_distance)
    coders = {who for who, _, _ in data}
    if not multi and len(coders) >= 2:
        stats.kappa = round(task.kappa(), 4)
    stats.alpha = round(task.alpha(), 4)


def _span_agreement(stats: AnnotationStats, spans: dict[str, dict[str, set]]) -> None:
    matched = total = 0
    for by_annotator in spans.values():
        for first, second in combinations(sorted(by_annotator), 2):
            a, b = by_annotator[first], by_annotator[second]
            matched += 2 * len(a & b)
            total += len(a) + len(b)
            stats.span_pairs += 1
    if total:
        stats.span_f1 = round(matched / total, 4)
