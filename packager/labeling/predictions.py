"""Pre-annotations for exported tasks: from a file of annotation rows, or a release column.

A predictions file holds rows in the normalised annotation format (what
``packager annotations import`` writes, or a model's output in that shape):
``paragraph_id`` with ``labels`` (classification) or ``start``/``end``/``label``
(spans, code points). Each tool module turns them into its own form.

A file that cannot be used is one :class:`ConfigError` naming the line and what is
wrong there: a pre-annotation silently left out would look like the model's choice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from packager.errors import ConfigError
from packager.labeling.models import LabelScheme
from packager.layout import PARAGRAPHS_NAME
from packager.releases.records import read_records


@dataclass
class Prediction:
    labels: list[str] = field(default_factory=list)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    source: str = "predictions"


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise ConfigError(f"predictions file {path} does not exist")
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise ConfigError(f"predictions file {path}:{number}: not JSON ({exc})") from None
            if not isinstance(row, dict):
                raise ConfigError(f"predictions file {path}:{number}: not a JSON object")
            yield number, row


def _row_problem(row: dict[str, Any], classes: set[str], span_labels: set[str]) -> str | None:
    """What makes one predictions row unusable, or None."""
    if not isinstance(row.get("paragraph_id"), str):
        return "no paragraph_id"
    labels = row.get("labels") or []
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        return f"labels must be a list of names, found {labels!r}"
    if labels and not classes:
        return "class labels, but the scheme has no classification"
    unknown = [label for label in labels if label not in classes]
    if unknown:
        return f"class {unknown[0]!r} is not in the scheme ({', '.join(sorted(classes))})"
    if row.get("start") is None and row.get("end") is None:
        return None if labels else "neither labels nor a span"
    start, end, label = row.get("start"), row.get("end"), row.get("label")
    if not (
        isinstance(start, int)
        and not isinstance(start, bool)
        and isinstance(end, int)
        and not isinstance(end, bool)
    ):
        return f"span start {start!r} and end {end!r} must be integers"
    if not 0 <= start < end:
        return f"span {start}..{end} is empty, reversed or negative"
    if not span_labels:
        return "a span, but the scheme has no span labels"
    if label not in span_labels:
        return f"span label {label!r} is not in the scheme ({', '.join(sorted(span_labels))})"
    return None


def load_predictions(path: Path, scheme: LabelScheme) -> dict[str, Prediction]:
    """Pre-annotations by paragraph ID from a JSONL file of annotation rows."""
    classes = set(scheme.classification.labels) if scheme.classification else set()
    span_labels = set(scheme.spans.labels) if scheme.spans else set()
    found: dict[str, Prediction] = {}
    for number, row in _rows(path):
        problem = _row_problem(row, classes, span_labels)
        if problem is not None:
            raise ConfigError(f"predictions file {path}:{number}: {problem}")
        prediction = found.setdefault(row["paragraph_id"], Prediction(source=path.stem))
        prediction.labels.extend(x for x in row.get("labels") or [] if x not in prediction.labels)
        if row.get("start") is not None:
            prediction.spans.append((row["start"], row["end"], row["label"]))
    if not found:
        raise ConfigError(f"predictions file {path} holds no rows")
    if scheme.classification is not None and not scheme.classification.multi_label:
        for paragraph_id, prediction in found.items():
            if len(prediction.labels) > 1:
                raise ConfigError(
                    f"predictions file {path}: paragraph {paragraph_id} has classes "
                    f"{', '.join(prediction.labels)}, but the scheme allows one "
                    "(multi_label: false)"
                )
    return found


def column_predictions(release: Path, column: str, scheme: LabelScheme) -> dict[str, Prediction]:
    """A release column (e.g. ``kind``) as a classification pre-label, where it is a class."""
    if scheme.classification is None:
        raise ConfigError("--predict-column needs classification labels in the scheme")
    classes = set(scheme.classification.labels)
    found = {}
    values: set[str] = set()
    for paragraph in read_records(release / PARAGRAPHS_NAME):
        if column not in paragraph:
            raise ConfigError(f"the release's paragraphs have no column {column!r}")
        value = str(paragraph[column])
        values.add(value)
        if value in classes:
            found[paragraph["paragraph_id"]] = Prediction(labels=[value], source=f"column:{column}")
    if not found:
        raise ConfigError(
            f"no value of column {column!r} ({', '.join(sorted(values)[:10]) or 'none'}) "
            f"is a class of the scheme ({', '.join(scheme.classification.labels)}); "
            "name the classes after the column's values"
        )
    return found


def pre_annotations(
    release: Path, scheme: LabelScheme, path: Path | None, column: str | None
) -> dict[str, Prediction]:
    """The pre-annotations asked for: from a file, or from a release column (not both)."""
    if path is not None and column is not None:
        raise ConfigError("give --predictions FILE or --predict-column COLUMN, not both")
    if path is not None:
        return load_predictions(path, scheme)
    if column is not None:
        return column_predictions(release, column, scheme)
    return {}


def check_spans(prediction: Prediction, paragraph_id: str, text: str) -> None:
    """A pre-annotated span must lie inside its paragraph (code points)."""
    for start, end, label in prediction.spans:
        if end > len(text):
            raise ConfigError(
                f"predicted span {start}..{end} ({label}) is outside paragraph {paragraph_id} "
                f"({len(text)} code points)"
            )
