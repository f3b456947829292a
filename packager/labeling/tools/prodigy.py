"""Prodigy: JSONL with ``text``, ``meta`` (shown in the UI) and ``paragraph_id``.

Prodigy skips a task whose ``_input_hash`` it has seen, and by default hashes the
text, so two identical paragraphs of two articles would silently collapse into
one. Both hashes are therefore set from the paragraph ID. Offsets are code points.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from packager.labeling.models import LabelScheme
from packager.labeling.predictions import Prediction
from packager.labeling.raw import RawAnnotation, RawProblem, iso_time
from packager.labeling.tasks import Task

EXTENSION = ".jsonl"


def _hash32(hex_id: str, salt: str = "") -> int:
    """A signed 32-bit integer, the kind of hash Prodigy uses, derived from the ID."""
    import hashlib

    digest = hashlib.blake2b(f"{salt}{hex_id}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


def task(item: Task, scheme: LabelScheme, prediction: Prediction | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "text": item.text,
        "meta": {
            "title": item.title,
            "url": item.url,
            "position": item.position,
            "paragraph_id": item.paragraph_id,
        },
        "paragraph_id": item.paragraph_id,
        "article_id": item.article_id,
        "_input_hash": _hash32(item.paragraph_id),
        "_task_hash": _hash32(item.paragraph_id, f"{scheme.name}:"),
    }
    if scheme.classification is not None:
        record["options"] = [{"id": label, "text": label} for label in scheme.classification.labels]
    if prediction is not None:
        if prediction.spans:
            record["spans"] = [
                {"start": s, "end": e, "label": name} for s, e, name in prediction.spans
            ]
        if prediction.labels:
            record["accept"] = list(prediction.labels)
    return record


def config_files(scheme: LabelScheme) -> dict[str, str]:
    return {}


OFFSET_UNIT = "codepoint"
_STATUS = {"accept": "accepted", "reject": "rejected"}


def read_export(path: Path) -> Iterator[RawAnnotation | RawProblem]:
    """Prodigy ``db-out`` JSONL: spans (``spans``) and textcat (``accept`` or ``label``)."""
    with path.open(encoding="utf-8") as stream:
        for record, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                yield RawProblem(record, "invalid-record", f"not valid JSON: {exc}")
                continue
            yield from _row(record, row)


def _row(record: int, row: Any) -> Iterator[RawAnnotation | RawProblem]:
    if not isinstance(row, dict):
        yield RawProblem(record, "invalid-record", "not a JSON object")
        return
    meta = row.get("meta") if isinstance(row.get("meta"), dict) else {}
    pid = row.get("paragraph_id", meta.get("paragraph_id"))
    answer = row.get("answer")
    if answer not in _STATUS:
        yield RawProblem(record, "cancelled", f"answer {answer!r} (ignored or missing)", pid)
        return
    who = row.get("_annotator_id") or row.get("_session_id")
    when = iso_time(row.get("_timestamp"))
    status = _STATUS[answer]
    text = row.get("text")
    found = False
    for span in row.get("spans") or []:
        found = True
        yield RawAnnotation(
            record,
            pid,
            who,
            when,
            status,
            "span",
            label=span.get("label"),
            start=span.get("start"),
            end=span.get("end"),
            tool_text=text,
        )
    chosen = row.get("accept")
    if chosen:
        found = True
        yield RawAnnotation(
            record,
            pid,
            who,
            when,
            status,
            "classification",
            labels=tuple(str(c) for c in chosen),
            tool_text=text,
        )
    elif row.get("label") and not row.get("spans"):
        found = True
        yield RawAnnotation(
            record,
            pid,
            who,
            when,
            status,
            "classification",
            labels=(str(row["label"]),),
            tool_text=text,
        )
    if not found:
        yield RawProblem(record, "empty", "no spans and no accepted labels", pid)
