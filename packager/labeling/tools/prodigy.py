"""Prodigy: JSONL with ``text``, ``meta`` (shown in the UI) and ``paragraph_id``.

Prodigy skips a task whose ``_input_hash`` it has seen, and by default hashes the
text, so two identical paragraphs of two articles would silently collapse into
one. Both hashes are therefore set from the paragraph ID. Offsets are code points.
"""

from __future__ import annotations

from typing import Any

from packager.labeling.models import LabelScheme
from packager.labeling.tasks import Task

EXTENSION = ".jsonl"


def _hash32(hex_id: str, salt: str = "") -> int:
    """A signed 32-bit integer, the kind of hash Prodigy uses, derived from the ID."""
    import hashlib

    digest = hashlib.blake2b(f"{salt}{hex_id}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


def task(item: Task, scheme: LabelScheme) -> dict[str, Any]:
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
    return record


def config_files(scheme: LabelScheme) -> dict[str, str]:
    return {}
