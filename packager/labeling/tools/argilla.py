"""Argilla 2.x: records as ``Record.to_dict()`` writes them, settings as ``Settings.serialize()``.

Each batch is a JSON list of records in the nested form Argilla's client reads back
with ``Record.from_dict`` (``dataset.records.from_json(path)`` logs such a file):
``id`` (the paragraph ID), ``fields``, ``metadata``, ``suggestions`` keyed by question
name, ``responses`` and ``vectors``. ``settings.json`` is what ``Settings.to_json``
writes, so ``rg.Settings.from_json`` reads it: the fields, one question per part of the
scheme (a label or multi-label selection, and a span question on the text field) and
the metadata properties. Argilla's span offsets count UTF-16 code units (JavaScript).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packager.check.validator import as_json
from packager.labeling.models import LabelScheme
from packager.labeling.offsets import OffsetUnit, from_codepoints
from packager.labeling.predictions import Prediction
from packager.labeling.raw import Origin, RawAnnotation, RawProblem, Status, guarded
from packager.labeling.tasks import Task

if TYPE_CHECKING:
    from packager.labeling.article_tasks import ArticleTask

EXTENSION = ".json"
LABEL_QUESTION = "label"
SPAN_QUESTION = "spans"


def task(item: Task, scheme: LabelScheme, prediction: Prediction | None = None) -> dict[str, Any]:
    fields = {"text": item.text} | ({"title": item.title} if item.title else {})
    if item.before is not None:  # --context N: read-only fields; an empty one is left out
        context = {"context_before": item.before, "context_after": item.after}
        fields |= {name: "\n\n".join(texts) for name, texts in context.items() if texts}
    return {
        "id": item.paragraph_id,
        "fields": fields,
        "metadata": {
            "article_id": item.article_id,
            "position": item.position,
            "kind": item.kind,
            "split": item.split,
        },
        "suggestions": {} if prediction is None else _suggestions(item, scheme, prediction),
        "responses": {},
        "vectors": {},
        "status": "pending",
    }


def _suggestions(
    item: Task, scheme: LabelScheme, prediction: Prediction
) -> dict[str, dict[str, Any]]:
    """Pre-annotations as Argilla suggestions by question (span offsets in UTF-16 units)."""
    found: dict[str, dict[str, Any]] = {}
    agent = prediction.source
    if prediction.labels and scheme.classification is not None:
        multi = scheme.classification.multi_label
        value: Any = prediction.labels if multi else prediction.labels[0]
        found[LABEL_QUESTION] = {"value": value, "score": None, "agent": agent}
    if prediction.spans:
        spans = [
            {
                "start": from_codepoints(item.text, start, OFFSET_UNIT),
                "end": from_codepoints(item.text, end, OFFSET_UNIT),
                "label": name,
            }
            for start, end, name in prediction.spans
        ]
        found[SPAN_QUESTION] = {"value": spans, "score": None, "agent": agent}
    return found


def article_task(item: ArticleTask, scheme: LabelScheme) -> dict[str, Any]:  # noqa: ARG001
    """One article: ``id`` is the article ID (the importer knows it from a paragraph ID);
    Argilla's metadata takes no tables, so the paragraph table is in ``article-paragraphs.jsonl``
    beside the tasks."""
    return {
        "id": item.article_id,
        "fields": {"text": item.text} | ({"title": item.title} if item.title else {}),
        "metadata": {"article_id": item.article_id, "split": item.split},
        "suggestions": {},
        "responses": {},
        "vectors": {},
        "status": "pending",
    }


_UNSAVED = {"id": None, "inserted_at": None, "updated_at": None}  # set by the server


def _options(labels: list[str]) -> list[dict[str, str]]:
    return [{"text": label, "value": label} for label in labels]


def _question(name: str, title: str, settings: dict[str, Any], required: bool) -> dict[str, Any]:
    shown = len(settings["options"])  # Argilla shows all options from three on, as it defaults
    return _UNSAVED | {
        "name": name,
        "settings": settings | {"visible_options": shown if shown >= 3 else None},
        "title": title,
        "description": None,
        "required": required,
        "dataset_id": None,
        "type": settings["type"],
    }


def _questions(scheme: LabelScheme) -> list[dict[str, Any]]:
    questions = []
    kind: dict[str, Any]
    if scheme.classification is not None:
        options = _options(scheme.classification.labels)
        if scheme.classification.multi_label:
            kind = {"type": "multi_label_selection", "options": options}
            kind["options_order"] = "natural"
        else:
            kind = {"type": "label_selection", "options": options}
        questions.append(_question(LABEL_QUESTION, "Class", kind, required=True))
    if scheme.spans is not None:
        kind = {
            "type": "span",
            "allow_overlapping": False,
            "field": "text",
            "options": _options(scheme.spans.labels),
        }
        questions.append(_question(SPAN_QUESTION, "Spans", kind, required=False))
    return questions


def _field(name: str, title: str, required: bool) -> dict[str, Any]:
    return _UNSAVED | {
        "name": name,
        "settings": {"type": "text", "use_markdown": False},
        "title": title,
        "required": required,
        "description": None,
        "dataset_id": None,
        "type": "text",
    }


def _metadata(name: str, settings: dict[str, Any]) -> dict[str, Any]:
    return _UNSAVED | {
        "name": name,
        "settings": {"visible_for_annotators": True} | settings,
        "title": name,
        "visible_for_annotators": True,
        "dataset_id": None,
    }


def settings(scheme: LabelScheme, *, context: bool = False) -> dict[str, Any]:
    """Dataset settings exactly as Argilla 2.x serialises them (``Settings.serialize()``);
    with ``context``, two more (optional) text fields around the paragraph."""
    fields = [_field("text", "Paragraph", True), _field("title", "Article title", False)]
    if context:
        fields[0:1] = [
            _field("context_before", "Before", False),
            fields[0],
            _field("context_after", "After", False),
        ]
    return {
        "guidelines": f"Label scheme {scheme.name}: label each paragraph of news.",
        "questions": _questions(scheme),
        "fields": fields,
        "vectors": [],
        "metadata": [
            _metadata("article_id", {"type": "terms", "values": None}),
            _metadata("position", {"min": None, "max": None, "type": "integer"}),
            _metadata("kind", {"type": "terms", "values": None}),
            _metadata("split", {"type": "terms", "values": None}),
        ],
        "allow_extra_metadata": False,
        "distribution": {"strategy": "overlap", "min_submitted": 1},
        "mapping": None,
    }


def config_files(scheme: LabelScheme, *, context: bool = False) -> dict[str, str]:
    text = json.dumps(settings(scheme, context=context), indent=2, ensure_ascii=False)
    return {"settings.json": text + "\n"}


OFFSET_UNIT: OffsetUnit = "utf16"
_STATUS: dict[str, Status] = {"submitted": "submitted", "draft": "draft"}
_ABSENT = object()  # a response without a status field: an older export, taken as submitted


def _rows(text: str) -> Iterator[tuple[int, Any]]:
    """(record number, value): list items of a JSON list, else non-blank JSONL lines (by line)."""
    try:
        rows = json.loads(text)
    except (ValueError, RecursionError):
        rows = None
    if isinstance(rows, list):
        yield from enumerate(rows, start=1)
        return
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028
        if line.strip():
            try:
                yield number, json.loads(line)
            except (ValueError, RecursionError) as exc:
                yield number, RawProblem(number, "invalid-record", f"not JSON: {exc}")


def read_export(path: Path) -> Iterator[RawAnnotation | RawProblem]:
    """Argilla records: flattened (``records.to_list(flatten=True)``) or nested (``to_dict``),
    as a JSON list or JSONL."""
    for record, row in _rows(path.read_text(encoding="utf-8")):
        if isinstance(row, RawProblem):
            yield row
        elif not isinstance(row, dict):
            yield RawProblem(record, "invalid-record", "not a JSON object")
        else:
            yield from guarded(record, _row(record, row))


def _responses(row: dict[str, Any], question: str) -> list[tuple[Any, Any, Any]]:
    """(value, user, status) of every response to ``question``, flattened or nested.

    A flattened record keeps values, users and statuses in three parallel lists; a
    shorter list of users or statuses is padded, so no value is lost to ``zip``.
    """
    if f"{question}.responses" in row:
        values = _listed(row.get(f"{question}.responses"))
        users = _listed(row.get(f"{question}.responses.users"))
        statuses = _listed(row.get(f"{question}.responses.status"))
        users += [None] * (len(values) - len(users))
        statuses += [_ABSENT] * (len(values) - len(statuses))
        return list(zip(values, users, statuses, strict=False))
    nested = _listed((row.get("responses") or {}).get(question))
    return [(r.get("value"), r.get("user_id"), r.get("status", _ABSENT)) for r in nested]


def _known(status: Any) -> bool:
    return isinstance(status, str) and status in _STATUS


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {type(value).__name__}")
    return list(value)


def _row(record: int, row: dict[str, Any]) -> Iterator[RawAnnotation | RawProblem]:
    fields = row.get("fields")
    fields = fields if isinstance(fields, dict) else row
    answered = False
    for question in (LABEL_QUESTION, SPAN_QUESTION):
        for value, user, status in _responses(row, question):
            answered = True
            origin = Origin(
                record,
                row.get("id"),
                None if user is None else str(user),
                status=_STATUS[status] if _known(status) else "submitted",
                tool_text=fields.get("text"),
            )
            if status == "discarded":
                yield origin.problem("cancelled", f"{question} response discarded")
            elif status is not _ABSENT and not _known(status):
                yield origin.problem(
                    "invalid-record",
                    f"{question} response status {as_json(status)} is not submitted, draft or "
                    "discarded; not imported",
                )
            elif question == LABEL_QUESTION:
                chosen = [] if value is None else value  # one label: a string; several: a list
                yield origin.classes(chosen if isinstance(chosen, list) else [chosen])
            elif not value:
                yield origin.problem("empty", "a spans response with no spans")
            else:
                for span in _listed(value):
                    if isinstance(span, dict):
                        yield origin.span(span.get("label"), span.get("start"), span.get("end"))
                    else:
                        yield origin.problem(
                            "invalid-record",
                            f"span {as_json(span)} is not an object with label, start and end",
                        )
    if not answered:
        yield Origin(record, row.get("id")).problem("empty", "no submitted responses")
