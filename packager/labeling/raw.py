"""What a tool's export reader yields: raw annotations in the tool's own units, or problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class RawAnnotation:
    """One decision as the tool wrote it; offsets still in the tool's unit."""

    record: int  # 1-based record (line or list item) in the export file
    paragraph_id: Any
    annotator: str | None
    created_at: str | None
    status: Literal["submitted", "accepted", "rejected", "draft"]
    task: Literal["classification", "span"]
    labels: tuple[str, ...] = ()  # classification
    label: str | None = None  # span
    start: Any = None
    end: Any = None
    quoted: str | None = None  # the span text as the tool saw it (checked, never used)
    tool_text: str | None = None  # the paragraph text as the tool saw it (checked, never used)


@dataclass(frozen=True, slots=True)
class RawProblem:
    """A record that holds no usable annotation, with why."""

    record: int
    reason: Literal["cancelled", "empty", "invalid-record"]
    message: str
    paragraph_id: str | None = None


def iso_time(value: Any) -> str | None:
    """A tool's time stamp as ISO 8601 UTC: Unix seconds become a date-time; strings stay."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)
