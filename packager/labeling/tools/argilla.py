"""Argilla 2.x: records (``id`` = paragraph ID, ``fields``, ``metadata``) and dataset settings.

The settings declare the fields, one question per part of the scheme (a label
or multi-label selection, and a span question on the text field) and the
metadata properties, so the records load into a dataset created from them.
Argilla's span offsets count UTF-16 code units (JavaScript).
"""

from __future__ import annotations

import json
from typing import Any

from packager.labeling.models import LabelScheme
from packager.labeling.tasks import Task

EXTENSION = ".jsonl"
LABEL_QUESTION = "label"
SPAN_QUESTION = "spans"


def task(item: Task, scheme: LabelScheme) -> dict[str, Any]:
    return {
        "id": item.paragraph_id,
        "fields": {"text": item.text, "title": item.title or ""},
        "metadata": {
            "article_id": item.article_id,
            "position": item.position,
            "kind": item.kind,
            "split": item.split,
        },
        "suggestions": [],
    }


def _options(labels: list[str]) -> list[dict[str, str]]:
    return [{"text": label, "value": label} for label in labels]


def settings(scheme: LabelScheme) -> dict[str, Any]:
    """Dataset settings in the shape Argilla 2.x serialises them (``Settings.serialize()``)."""
    questions: list[dict[str, Any]] = []
    if scheme.classification is not None:
        multi = scheme.classification.multi_label
        kind = "multi_label_selection" if multi else "label_selection"
        question: dict[str, Any] = {"type": kind, "options": _options(scheme.classification.labels)}
        if multi:
            question["options_order"] = "natural"
        questions.append({"name": LABEL_QUESTION, "settings": question, "required": True})
    if scheme.spans is not None:
        span_settings = {
            "type": "span",
            "field": "text",
            "allow_overlapping": False,
            "options": _options(scheme.spans.labels),
        }
        questions.append({"name": SPAN_QUESTION, "settings": span_settings, "required": False})
    text_field = {"type": "text", "use_markdown": False}
    return {
        "guidelines": f"Label scheme {scheme.name}: label each paragraph of news.",
        "fields": [
            {"name": "text", "settings": text_field, "required": True},
            {"name": "title", "settings": text_field, "required": False},
        ],
        "questions": questions,
        "metadata": [
            {"name": "article_id", "settings": {"type": "terms", "values": None}},
            {"name": "position", "settings": {"type": "integer", "min": None, "max": None}},
            {"name": "kind", "settings": {"type": "terms", "values": None}},
            {"name": "split", "settings": {"type": "terms", "values": None}},
        ],
        "allow_extra_metadata": False,
        "distribution": {"strategy": "overlap", "min_submitted": 1},
    }


def config_files(scheme: LabelScheme) -> dict[str, str]:
    return {"settings.json": json.dumps(settings(scheme), indent=2, ensure_ascii=False) + "\n"}
