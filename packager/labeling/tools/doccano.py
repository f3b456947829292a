"""Doccano: JSONL with ``text`` and empty ``label``; ID and context as top-level keys.

Doccano keeps unknown top-level keys as the example's metadata and shows them;
it assigns its own ``id``, so the paragraph ID travels as ``paragraph_id``.
Doccano counts offsets in UTF-16 code units (JavaScript), or grapheme clusters
when the project is set to.
"""

from __future__ import annotations

import json
from typing import Any

from packager.labeling.models import LabelScheme
from packager.labeling.tasks import Task

EXTENSION = ".jsonl"
# Distinct, readable label colours, cycled.
_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def task(item: Task, scheme: LabelScheme) -> dict[str, Any]:
    return {
        "text": item.text,
        "label": [],
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
