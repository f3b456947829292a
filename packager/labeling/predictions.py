"""Pre-annotations for exported tasks: from a file of annotation rows, or a release column.

A predictions file holds rows in the normalised annotation format (what
``packager annotations import`` writes, or a model's output in that shape):
``paragraph_id`` with ``labels`` (classification) or ``start``/``end``/``label``
(spans, code points). Each tool module turns them into its own form.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from packager.errors import ConfigError
from packager.labeling.models import LabelScheme
from packager.labeling.tasks import _lines


@dataclass
class Prediction:
    labels: list[str] = field(default_factory=list)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    source: str = "predictions"


def load_predictions(path: Path, scheme: LabelScheme) -> dict[str, Prediction]:
    if not path.exists():
        raise ConfigError(f"predictions file {path} does not exist")
    classes = set(scheme.classification.labels) if scheme.classification else set()
    span_labels = set(scheme.spans.labels) if scheme.spans else set()
    found: dict[str, Prediction] = defaultdict(lambda: Prediction(source=path.stem))
    for row in _lines(path):
        prediction = found[row["paragraph_id"]]
        if row.get("labels"):
            prediction.labels.extend(label for label in row["labels"] if label in classes)
        if row.get("start") is not None and row.get("label") in span_labels:
            prediction.spans.append((row["start"], row["end"], row["label"]))
    return dict(found)


def column_predictions(release: Path, column: str, scheme: LabelScheme) -> dict[str, Prediction]:
    """A release column (e.g. ``kind``) as a classification pre-label, where it is a class."""
    if scheme.classification is None:
        raise ConfigError("--predict-column needs classification labels in the scheme")
    classes = set(scheme.classification.labels)
    found = {}
    for paragraph in _lines(release / "paragraphs.jsonl"):
        if column not in paragraph:
            raise ConfigError(f"the release's paragraphs have no column {column!r}")
        value = str(paragraph[column])
        if value in classes:
            found[paragraph["paragraph_id"]] = Prediction(labels=[value], source=f"column:{column}")
    return found
