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


def settings(scheme: LabelScheme) -> dict[str, Any]:
    questions: list[dict[str, Any]] = []
    if scheme.classification is not None:
        questions.append(
            {
                "name": LABEL_QUESTION,
                "type": "multi_label_selection"
                if scheme.classification.multi_label
                else "label_selection",
                "labels": scheme.classification.labels,
                "required": True,
            }
        )
    if scheme.spans is not None:
        questions.append(
            {
                "name": SPAN_QUESTION,
                "type": "span",
                "field": "text",
                "labels": scheme.spans.labels,
                "required": False,
            }
        )
    return {
        "guidelines": f"Label scheme {scheme.name}: label each paragraph of news.",
        "fields": [
            {"name": "text", "type": "text", "required": True, "use_markdown": False},
            {"name": "title", "type": "text", "required": False, "use_markdown": False},
        ],
        "questions": questions,
        "metadata": [
            {"name": "article_id", "type": "terms"},
            {"name": "position", "type": "integer"},
            {"name": "kind", "type": "terms"},
            {"name": "split", "type": "terms"},
        ],
        "allow_extra_metadata": False,
    }


def config_files(scheme: LabelScheme) -> dict[str, str]:
    return {"settings.json": json.dumps(settings(scheme), indent=2, ensure_ascii=False) + "\n"}
