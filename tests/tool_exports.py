"""Export records in the shape each labeling tool writes them, for the importer tests.

A *shape* is a tool's export format: ``label-studio`` (JSON, full), ``label-studio-min``
(JSON_MIN), ``doccano`` (JSONL of a Sequence Labeling project), ``doccano-intent`` (JSONL of
an Intent Detection and Slot Filling project: ``entities`` and ``cats``), ``doccano-relation``
(JSONL of a Sequence Labeling project with relations: ``entities`` as objects),
``doccano-json`` (Doccano's JSON export, a list), ``prodigy`` (``db-out`` JSONL), ``argilla``
(flattened records, JSONL) and ``argilla-nested`` (``Record.to_dict()``, a JSON list).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHAPES = {
    "label-studio": "label-studio",
    "label-studio-min": "label-studio",
    "doccano": "doccano",
    "doccano-intent": "doccano",
    "doccano-relation": "doccano",
    "doccano-json": "doccano",
    "prodigy": "prodigy",
    "argilla": "argilla",
    "argilla-nested": "argilla",
}
"""Each shape and the tool (``--from``) that reads it."""


def span_row(
    shape: str,
    pid: Any,
    tool_text: Any,
    start: Any,
    end: Any,
    label: Any,
    quote: Any = None,
    annotator: Any = None,
) -> dict[str, Any]:
    """One export record holding one span, in the shape ``shape`` exports it."""
    with_text = {} if tool_text is None else {"text": tool_text}
    if shape == "label-studio":
        value = {"start": start, "end": end, "labels": [label]}
        if quote is not None:
            value["text"] = quote
        result = {"type": "labels", "from_name": "span", "to_name": "paragraph", "value": value}
        return {
            "id": 1,
            "data": {"paragraph_id": pid} | with_text,
            "annotations": [{"completed_by": annotator, "result": [result]}],
        }
    if shape == "label-studio-min":
        span = {"start": start, "end": end, "labels": [label]}
        if quote is not None:
            span["text"] = quote
        return {"paragraph_id": pid, "annotator": annotator, "span": [span]} | with_text
    if shape in ("doccano", "doccano-json"):
        return {"id": 7, "paragraph_id": pid, "label": [[start, end, label]]} | with_text
    if shape == "doccano-intent":
        return {"id": 7, "paragraph_id": pid, "entities": [[start, end, label]], "cats": []} | (
            with_text
        )
    if shape == "doccano-relation":
        entity = {"id": 3, "label": label, "start_offset": start, "end_offset": end}
        return {"id": 7, "paragraph_id": pid, "entities": [entity], "relations": []} | with_text
    span = {"start": start, "end": end, "label": label}
    if shape == "prodigy":
        row = {"paragraph_id": pid, "spans": [span], "answer": "accept", "_annotator_id": annotator}
        return row | with_text
    if shape == "argilla":
        row = {
            "id": pid,
            "spans.responses": [[span]],
            "spans.responses.users": [annotator],
            "spans.responses.status": ["submitted"],
        }
        return row | with_text
    assert shape == "argilla-nested", shape
    return {
        "id": pid,
        "fields": with_text,
        "responses": {"spans": [{"value": [span], "user_id": annotator, "status": "submitted"}]},
    }


def write_export(folder: Path, shape: str, rows: list[Any]) -> Path:
    """``rows`` as the file the tool exports: JSON Lines, or one JSON list."""
    if shape in ("doccano", "doccano-intent", "doccano-relation", "prodigy", "argilla"):
        path = folder / "export.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    else:
        path = folder / "export.json"
        path.write_text(json.dumps(rows))
    return path
