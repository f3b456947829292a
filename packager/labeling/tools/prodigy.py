"""Prodigy: JSONL with ``text``, ``meta`` (shown in the UI) and ``paragraph_id``.

Prodigy skips a task whose hash it has seen, and hashes the text by default, so two
identical paragraphs of two articles would collapse into one. Both hashes are
therefore set from the paragraph ID. Prodigy's built-in recipes (``ner.manual``,
``spans.manual``, ``textcat.manual``) load their source with ``get_stream(...,
rehash=True, dedup=True)``, which recomputes the hashes from the text and drops the
repeats anyway; the README shows a recipe that keeps these hashes, and the export
summary counts the tasks that share their text. Offsets are code points.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packager.check.validator import as_json
from packager.labeling.models import LabelScheme
from packager.labeling.offsets import OffsetUnit
from packager.labeling.predictions import Prediction
from packager.labeling.raw import (
    Origin,
    RawAnnotation,
    RawProblem,
    Status,
    guarded,
    iso_time,
    jsonl_rows,
    task_id,
)
from packager.labeling.tasks import Task

if TYPE_CHECKING:
    from packager.labeling.article_tasks import ArticleTask

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
        }
        | _context(item),
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


def _context(item: Task) -> dict[str, str]:
    """``--context N``: Prodigy shows ``meta`` under the task (read-only; spans are on
    ``text`` only)."""
    if item.before is None:
        return {}
    return {"context_before": "\n\n".join(item.before), "context_after": "\n\n".join(item.after)}


def article_task(item: ArticleTask, scheme: LabelScheme) -> dict[str, Any]:
    """One article; the hashes come from the article ID, the table travels at top level."""
    record: dict[str, Any] = {
        "text": item.text,
        "meta": {"title": item.title, "url": item.url, "article_id": item.article_id},
        "unit": "article",
        "article_id": item.article_id,
        "paragraphs": item.layout.table(),
        "_input_hash": _hash32(item.article_id),
        "_task_hash": _hash32(item.article_id, f"{scheme.name}:"),
    }
    if scheme.classification is not None:
        record["options"] = [{"id": label, "text": label} for label in scheme.classification.labels]
    return record


def config_files(scheme: LabelScheme, *, context: bool = False) -> dict[str, str]:  # noqa: ARG001
    return {}  # labels go on the command line


OFFSET_UNIT: OffsetUnit = "codepoint"
_STATUS: dict[str, Status] = {"accept": "accepted", "reject": "rejected"}


def read_export(path: Path) -> Iterator[RawAnnotation | RawProblem]:
    """Prodigy ``db-out`` JSONL: spans (``spans``) and textcat (``accept`` or ``label``)."""
    for item in jsonl_rows(path):
        if isinstance(item, RawProblem):
            yield item
        else:
            yield from guarded(item[0], _row(*item))


def _row(record: int, row: dict[str, Any]) -> Iterator[RawAnnotation | RawProblem]:
    meta = row.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    answer = row.get("answer")
    origin = Origin(
        record,
        task_id(row) if "paragraph_id" in row or "unit" in row else meta.get("paragraph_id"),
        row.get("_annotator_id") or row.get("_session_id"),
        iso_time(row.get("_timestamp")),
        _STATUS.get(answer, "submitted") if isinstance(answer, str) else "submitted",
        row.get("text"),
    )
    if answer not in _STATUS:
        yield origin.problem("cancelled", f"answer {as_json(answer)} (ignored or missing)")
        return
    spans = row.get("spans") or []
    for span in spans:
        yield origin.span(span.get("label"), span.get("start"), span.get("end"))
    if row.get("accept"):
        yield origin.classes(row["accept"])
    elif row.get("label") and not spans:
        yield origin.classes([row["label"]])
    elif not spans:
        yield origin.problem("empty", "no spans and no accepted labels")
