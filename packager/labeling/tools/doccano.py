"""Doccano: JSONL with ``text``, empty labels, ID and context as top-level keys.

The labels are in the import form of the project type the scheme needs: ``label``
(Text Classification or Sequence Labeling), or ``cats`` and ``entities`` (Intent
Detection and Slot Filling, for a scheme with both classes and spans).

Doccano keeps unknown top-level keys as the example's metadata and shows them;
it assigns its own ``id``, so the paragraph ID travels as ``paragraph_id``.
Doccano counts offsets in UTF-16 code units (JavaScript), or grapheme clusters
when the project is set to.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packager.check.validator import as_json
from packager.labeling.models import LabelScheme
from packager.labeling.offsets import OffsetUnit, from_codepoints
from packager.labeling.predictions import Prediction
from packager.labeling.raw import Origin, RawAnnotation, RawProblem, guarded, jsonl_rows, task_id
from packager.labeling.tasks import Task

if TYPE_CHECKING:
    from packager.labeling.article_tasks import ArticleTask

EXTENSION = ".jsonl"
# Distinct, readable label colours, cycled.
_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def task(item: Task, scheme: LabelScheme, prediction: Prediction | None = None) -> dict[str, Any]:
    """A Doccano example in the import format of the project type the scheme needs.

    Classes only: a Text Classification project (``label``: names); spans only: a
    Sequence Labeling project (``label``: ``[start, end, label]``); both: an Intent
    Detection and Slot Filling project (``cats`` and ``entities``; there Doccano keeps
    a ``label`` key as metadata, so none is written).
    """
    classes = list(prediction.labels) if prediction is not None else []
    spans = [
        [
            from_codepoints(item.text, start, OFFSET_UNIT),
            from_codepoints(item.text, end, OFFSET_UNIT),
            name,
        ]
        for start, end, name in (prediction.spans if prediction is not None else [])
    ]
    if scheme.classification is not None and scheme.spans is not None:
        labels: dict[str, Any] = {"entities": spans, "cats": classes}
    else:
        labels = {"label": classes if scheme.classification is not None else spans}
    return {
        "text": item.text,
        **labels,
        "paragraph_id": item.paragraph_id,
        "article_id": item.article_id,
        "title": item.title,
        "url": item.url,
        "position": item.position,
        "kind": item.kind,
    } | _context(item)


def _context(item: Task) -> dict[str, str]:
    """``--context N``: Doccano shows top-level keys as the example's metadata, beside
    the text (read-only: spans are on ``text`` only)."""
    if item.before is None:
        return {}
    return {"context_before": "\n\n".join(item.before), "context_after": "\n\n".join(item.after)}


def article_task(item: ArticleTask, scheme: LabelScheme) -> dict[str, Any]:
    """One article, labels empty as for a paragraph; its table travels as metadata."""
    if scheme.classification is not None and scheme.spans is not None:
        labels: dict[str, Any] = {"entities": [], "cats": []}
    else:
        labels = {"label": []}
    return {
        "text": item.text,
        **labels,
        "unit": "article",
        "article_id": item.article_id,
        "paragraphs": item.layout.table(),
        "title": item.title,
        "url": item.url,
    }


def _label_types(labels: list[str]) -> str:
    types = [
        {
            "text": label,
            "suffix_key": None,
            "background_color": _COLOURS[n % len(_COLOURS)],
            "text_color": "#ffffff",
        }
        for n, label in enumerate(labels)
    ]
    return json.dumps(types, indent=2, ensure_ascii=False) + "\n"


def config_files(scheme: LabelScheme, *, context: bool = False) -> dict[str, str]:  # noqa: ARG001
    files = {}
    if scheme.classification is not None:
        files["label_types_category.json"] = _label_types(scheme.classification.labels)
    if scheme.spans is not None:
        files["label_types_span.json"] = _label_types(scheme.spans.labels)
    return files


OFFSET_UNIT: OffsetUnit = "utf16"  # or "grapheme" for projects that count grapheme clusters


def read_export(path: Path) -> Iterator[RawAnnotation | RawProblem]:
    """Every text export of Doccano (``backend/data_export``) for classes and spans.

    ``all.*`` or ``<user>.*``; Doccano exports no annotator or time, so a per-user
    file's name is the annotator. The project types and their shapes:

    * Text Classification: JSONL or JSON (a list), ``label``: class names; CSV,
      ``label``: names joined by ``#``; fastText (``__label__NAME text``), which
      carries no paragraph ID, so each of its lines is an ``invalid-record`` reject.
    * Sequence Labeling: JSONL, ``label``: ``[start, end, label]``; with relations,
      ``entities``: ``{"start_offset", "end_offset", "label"}`` and ``relations``
      (not read: a record with relations also gets an ``invalid-record`` reject).
    * Intent Detection and Slot Filling: JSONL, ``cats``: names and ``entities``:
      ``[start, end, label]``.
    """
    annotator = None if path.stem in ("all", "admin") else path.stem
    if path.suffix == ".csv":
        rows: Iterable[tuple[int, dict[str, Any]] | RawProblem] = _csv_rows(path)
    elif path.suffix == ".txt":
        rows = _fasttext_rows(path)
    else:
        rows = _json_rows(path)
    for item in rows:
        if isinstance(item, RawProblem):
            yield item
            continue
        yield from guarded(item[0], _row(*item, annotator))


def _json_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]] | RawProblem]:
    """A JSON list (the JSON export) by item, else JSON Lines by line."""
    text = path.read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
    except (ValueError, RecursionError):
        whole = None
    if not isinstance(whole, list):
        yield from jsonl_rows(path)
        return
    for record, row in enumerate(whole, start=1):
        if isinstance(row, dict):
            yield record, row
        else:
            yield RawProblem(record, "invalid-record", "not a JSON object")


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]] | RawProblem]:
    """The CSV export: one row per example, classes joined by ``#`` (record 1 is the header)."""
    with path.open(encoding="utf-8", newline="") as stream:
        for record, row in enumerate(csv.DictReader(stream), start=2):
            if None in row:
                yield RawProblem(record, "invalid-record", "more cells than the header has")
                continue
            label = row.get("label") or ""
            yield record, {**row, "label": [name for name in label.split("#") if name]}


def _fasttext_rows(path: Path) -> Iterator[RawProblem]:
    with path.open(encoding="utf-8") as stream:
        for record, line in enumerate(stream, start=1):
            if line.strip():
                yield RawProblem(
                    record,
                    "invalid-record",
                    "a fastText export has no paragraph_id; export JSONL (or CSV) from Doccano",
                )


def _row(
    record: int, row: dict[str, Any], annotator: str | None
) -> Iterator[RawAnnotation | RawProblem]:
    origin = Origin(record, task_id(row), annotator, tool_text=row.get("text"))
    items = []
    for key in ("label", "cats", "entities"):
        value = row.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            kind = type(value).__name__
            yield origin.problem("invalid-record", f"{key} must be a list, found {kind}")
            return
        items.extend(value)
    if row.get("relations"):
        yield origin.problem("invalid-record", "relations are not read (only their entities)")
    if not items:
        if not row.get("relations"):
            yield origin.problem("empty", "no labels")
        return
    classes = [item for item in items if isinstance(item, str)]
    if classes:
        yield origin.classes(classes)
    for span in items:
        if isinstance(span, list) and len(span) == 3:
            yield origin.span(span[2], span[0], span[1])
        elif isinstance(span, dict):
            yield origin.span(span.get("label"), span.get("start_offset"), span.get("end_offset"))
        elif not isinstance(span, str):
            yield origin.problem(
                "invalid-record",
                f"label item {as_json(span, 40)} is neither a class name nor a "
                "[start, end, label] span",
            )
