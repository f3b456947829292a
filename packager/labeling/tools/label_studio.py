"""Label Studio: tasks JSON (``data`` holds the context) and a generated labeling config.

The text object is named ``paragraph`` and the controls ``span`` and ``label``, so
no task data key (``text``, ``paragraph_id``, ``article_id``, ``title``, ``url``,
``position``, ``kind``) equals a tag name, and no key is ``id`` (Label Studio's
own). Offsets of ``<Text granularity="symbol">`` are code points.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packager.check.validator import as_json
from packager.labeling.models import LabelScheme
from packager.labeling.predictions import Prediction
from packager.labeling.raw import Origin, RawAnnotation, RawProblem, guarded, task_id
from packager.labeling.tasks import Task

if TYPE_CHECKING:
    from packager.labeling.article_tasks import ArticleTask

OBJECT_NAME = "paragraph"
CONTEXT_OBJECTS = ("before", "after")  # read-only <Text>: no control points at them
SPAN_CONTROL = "span"
CHOICE_CONTROL = "label"
EXTENSION = ".json"


def task(
    item: Task,
    scheme: LabelScheme,  # noqa: ARG001 (every tool's task() takes it; the config holds it here)
    prediction: Prediction | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "data": {
            "text": item.text,
            "paragraph_id": item.paragraph_id,
            "article_id": item.article_id,
            "title": item.title or "",
            "url": item.url or "",
            "position": item.position,
            "kind": item.kind,
        }
        | _context(item)
    }
    if prediction is not None:
        result: list[dict[str, Any]] = [
            {
                "id": f"s{n}",
                "from_name": SPAN_CONTROL,
                "to_name": OBJECT_NAME,
                "type": "labels",
                "value": {"start": s, "end": e, "text": item.text[s:e], "labels": [label]},
            }
            for n, (s, e, label) in enumerate(prediction.spans)
        ]
        if prediction.labels:
            result.append(
                {
                    "id": "c0",
                    "from_name": CHOICE_CONTROL,
                    "to_name": OBJECT_NAME,
                    "type": "choices",
                    "value": {"choices": prediction.labels},
                }
            )
        record["predictions"] = [{"model_version": prediction.source, "result": result}]
    return record


def _context(item: Task) -> dict[str, str]:
    """``--context N``: the paragraphs before and after, one blank line apart."""
    if item.before is None:
        return {}
    return {"context_before": "\n\n".join(item.before), "context_after": "\n\n".join(item.after)}


def article_task(item: ArticleTask, scheme: LabelScheme) -> dict[str, Any]:  # noqa: ARG001
    """One article: its text (paragraphs a blank line apart) and its paragraph table."""
    return {
        "data": {
            "text": item.text,
            "unit": "article",
            "article_id": item.article_id,
            "paragraphs": item.layout.table(),
            "title": item.title or "",
            "url": item.url or "",
        }
    }


def label_config(scheme: LabelScheme, *, context: bool = False) -> str:
    """The labeling config; with ``context``, the neighbouring paragraphs as read-only
    ``<Text>`` elements above and below (the controls point only at the paragraph)."""
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$title")
    if context:
        ET.SubElement(view, "Text", name=CONTEXT_OBJECTS[0], value="$context_before")
    ET.SubElement(view, "Text", name=OBJECT_NAME, value="$text", granularity="symbol")
    if context:
        ET.SubElement(view, "Text", name=CONTEXT_OBJECTS[1], value="$context_after")
    if scheme.spans is not None:
        labels = ET.SubElement(view, "Labels", name=SPAN_CONTROL, toName=OBJECT_NAME)
        for label in scheme.spans.labels:
            ET.SubElement(labels, "Label", value=label)
    if scheme.classification is not None:
        choice = "multiple" if scheme.classification.multi_label else "single"
        choices = ET.SubElement(
            view, "Choices", name=CHOICE_CONTROL, toName=OBJECT_NAME, choice=choice
        )
        for label in scheme.classification.labels:
            ET.SubElement(choices, "Choice", value=label)
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


def config_files(scheme: LabelScheme, *, context: bool = False) -> dict[str, str]:
    return {"label_config.xml": label_config(scheme, context=context)}


OFFSET_UNIT = "codepoint"


def _annotator(completed_by: Any) -> str | None:
    """The user's e-mail, else their id; None (unknown) when the export names neither
    (``completed_by: {}``, ``null``, ``""``), never the text "None"."""
    if isinstance(completed_by, dict):
        known = [completed_by.get(key) for key in ("email", "id")]
        completed_by = next((value for value in known if value not in (None, "")), None)
    if completed_by is None or completed_by == "" or isinstance(completed_by, bool | dict | list):
        return None
    return str(completed_by)


def _span_labels(value: dict[str, Any]) -> list[Any]:
    """The labels of one span region: one annotation per label (``<Labels choice="multiple">``)."""
    labels = value.get("labels")
    if labels is None:
        return [None]  # rejected by the importer: a span needs a label
    if not isinstance(labels, list):
        raise TypeError(f"span labels must be a list, found {type(labels).__name__}")
    return labels or [None]


def _from_results(origin: Origin, results: Any) -> Iterator[RawAnnotation | RawProblem]:
    if not isinstance(results, list):
        raise TypeError(f"result must be a list, found {type(results).__name__}")
    if not results:
        yield origin.problem("empty", "annotation with no labels or choices")
    for result in results:
        kind = result.get("type")
        value = result.get("value") or {}
        if kind == "labels":
            for label in _span_labels(value):
                yield origin.span(label, value.get("start"), value.get("end"), value.get("text"))
        elif kind == "choices":
            yield origin.classes(value.get("choices") or [])
        else:
            yield origin.problem(
                "invalid-record",
                f"a {as_json(kind, 40)} result, which packager does not read (only labels "
                "and choices)",
            )


def _min_choices(choices: Any) -> list[Any]:
    """JSON_MIN writes one choice as a string, several as ``{"choices": [...]}``."""
    if choices in (None, "", []):
        return []
    if isinstance(choices, str):
        return [choices]
    if isinstance(choices, list) and isinstance(choices[0], dict):
        choices = choices[0]
    if isinstance(choices, dict):
        choices = choices.get("choices")
    if not isinstance(choices, list):
        raise TypeError(f"choices must be a list, found {type(choices).__name__}")
    return choices


def _min_record(record: int, row: dict[str, Any]) -> Iterator[RawAnnotation | RawProblem]:
    origin = Origin(
        record,
        task_id(row),
        _annotator(row.get("annotator")),
        row.get("created_at"),
        tool_text=row.get("text"),
    )
    choices = _min_choices(row.get(CHOICE_CONTROL))
    spans = row.get(SPAN_CONTROL) or []
    if not isinstance(spans, list):
        raise TypeError(f"{SPAN_CONTROL} must be a list, found {type(spans).__name__}")
    if not spans and not choices:
        yield origin.problem("empty", "annotation with no labels or choices")
        return
    for span in spans:
        for label in _span_labels(span):
            yield origin.span(label, span.get("start"), span.get("end"), span.get("text"))
    if choices:
        yield origin.classes(choices)


def read_export(path: Path) -> Iterator[RawAnnotation | RawProblem]:
    """Label Studio's JSON (full) or JSON_MIN export, told apart by their shape."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        yield RawProblem(1, "invalid-record", "expected a JSON list of tasks")
        return
    for record, row in enumerate(rows, start=1):
        yield from guarded(record, _task(record, row))


def _task(record: int, row: Any) -> Iterator[RawAnnotation | RawProblem]:
    if not isinstance(row, dict):
        yield RawProblem(record, "invalid-record", "not a JSON object")
        return
    if "annotations" not in row:
        yield from _min_record(record, row)
        return
    data = row.get("data") or {}
    annotations = row["annotations"]
    if not isinstance(annotations, list):
        raise TypeError(f"annotations must be a list, found {type(annotations).__name__}")
    if not annotations:
        yield Origin(record, task_id(data)).problem(
            "empty", "the task has no annotations (not labeled yet)"
        )
    for annotation in annotations:
        origin = Origin(
            record,
            task_id(data),
            _annotator(annotation.get("completed_by")),
            annotation.get("created_at"),
            tool_text=data.get("text"),
        )
        if annotation.get("was_cancelled"):
            yield origin.problem("cancelled", "the annotator skipped this task")
        else:
            yield from _from_results(origin, annotation.get("result") or [])
