"""Doccano: JSONL with ``text`` and empty ``label``; ID and context as top-level keys.

Doccano keeps unknown top-level keys as the example's metadata and shows them;
it assigns its own ``id``, so the paragraph ID travels as ``paragraph_id``.
Doccano counts offsets in UTF-16 code units (JavaScript), or grapheme clusters
when the project is set to.
"""

from __future__ import annotations

import json
import reprlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from packager.labeling.models import LabelScheme
from packager.labeling.offsets import from_codepoints
from packager.labeling.predictions import Prediction
from packager.labeling.raw import Origin, RawAnnotation, RawProblem, guarded, jsonl_rows
from packager.labeling.tasks import Task

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


def config_files(scheme: LabelScheme) -> dict[str, str]:
    files = {}
    if scheme.classification is not None:
        files["label_types_category.json"] = _label_types(scheme.classification.labels)
    if scheme.spans is not None:
        files["label_types_span.json"] = _label_types(scheme.spans.labels)
    return files


OFFSET_UNIT = "utf16"  # or "grapheme" for projects that count grapheme clusters


def read_export(path: Path) -> Iterator[RawAnnotation | RawProblem]:
    """Doccano's JSONL export (``all.jsonl`` or ``<user>.jsonl``) for either task kind.

    Doccano exports no annotator or time; a per-user file's name is the annotator.
    """
    annotator = None if path.stem in ("all", "admin") else path.stem
    for item in jsonl_rows(path):
        if isinstance(item, RawProblem):
            yield item
            continue
        yield from guarded(item[0], _row(*item, annotator))


def _row(
    record: int, row: dict[str, Any], annotator: str | None
) -> Iterator[RawAnnotation | RawProblem]:
    origin = Origin(record, row.get("paragraph_id"), annotator, tool_text=row.get("text"))
    labels = row.get("label") if "label" in row else row.get("entities", [])
    if not labels:
        yield origin.problem("empty", "no labels")
        return
    if not isinstance(labels, list):
        kind = type(labels).__name__
        yield origin.problem("invalid-record", f"label must be a list, found {kind}")
        return
    classes = [label for label in labels if isinstance(label, str)]
    if classes:
        yield origin.classes(classes)
    for span in labels:
        if isinstance(span, list) and len(span) == 3:
            yield origin.span(span[2], span[0], span[1])
        elif isinstance(span, dict):
            yield origin.span(span.get("label"), span.get("start_offset"), span.get("end_offset"))
        elif not isinstance(span, str):
            yield origin.problem(
                "invalid-record",
                f"label item {reprlib.repr(span)} is neither a class name nor a "
                "[start, end, label] span",
            )
