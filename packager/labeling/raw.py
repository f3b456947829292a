"""What a tool's export reader yields: raw annotations in the tool's own units, or problems."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

# what became of an annotation in its tool
Status = Literal["submitted", "accepted", "rejected", "draft"]


@dataclass(frozen=True, slots=True)
class RawAnnotation:
    """One decision as the tool wrote it; offsets still in the tool's unit."""

    record: int  # 1-based record (line or list item) in the export file
    paragraph_id: Any
    annotator: str | None
    created_at: str | None
    status: Literal["submitted", "accepted", "rejected", "draft"]
    task: Literal["classification", "span"]
    labels: tuple[Any, ...] = ()  # classification (names, once the importer has checked them)
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


def task_id(data: Any) -> Any:
    """The ID a task record carries: ``paragraph_id``, or ``article_id`` for an article task
    (``"unit": "article"``, what ``packager export --unit article`` writes)."""
    if not isinstance(data, dict):
        return None
    if data.get("unit") == "article":
        return data.get("article_id")
    return data.get("paragraph_id")


def iso_time(value: Any) -> str | None:
    """A tool's time stamp as ISO 8601 UTC: Unix seconds become a date-time; strings stay."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


@dataclass(frozen=True, slots=True)
class Origin:
    """What every annotation of one export record shares: where, on what, by whom, when."""

    record: int
    paragraph_id: Any
    annotator: str | None = None
    created_at: str | None = None
    status: Status = "submitted"
    tool_text: str | None = None

    def span(self, label: Any, start: Any, end: Any, quoted: str | None = None) -> RawAnnotation:
        return RawAnnotation(
            self.record,
            self.paragraph_id,
            self.annotator,
            self.created_at,
            self.status,
            "span",
            label=label,
            start=start,
            end=end,
            quoted=quoted,
            tool_text=self.tool_text,
        )

    def classes(self, labels: Any) -> RawAnnotation:
        """The classes chosen; ``labels`` must be a list (a bare string would read as letters).

        Its items are kept as the tool wrote them: the importer rejects any that is not a name.
        """
        if not isinstance(labels, list | tuple):
            raise TypeError(f"classes must be a list, found {type(labels).__name__}")
        return RawAnnotation(
            self.record,
            self.paragraph_id,
            self.annotator,
            self.created_at,
            self.status,
            "classification",
            labels=tuple(labels),
            tool_text=self.tool_text,
        )

    def problem(
        self, reason: Literal["cancelled", "empty", "invalid-record"], message: str
    ) -> RawProblem:
        pid = self.paragraph_id if isinstance(self.paragraph_id, str) else None
        return RawProblem(self.record, reason, message, pid)


# What a record of an unexpected shape raises in a reader (a string where an object
# belongs, a number where a list does, a time stamp out of range, ...).
_SHAPE_ERRORS = (AttributeError, TypeError, LookupError, ValueError, ArithmeticError, OSError)


def guarded(
    record: int, items: Iterable[RawAnnotation | RawProblem]
) -> list[RawAnnotation | RawProblem]:
    """One export record's annotations, or one invalid-record problem if its shape is wrong."""
    try:
        return list(items)
    except _SHAPE_ERRORS as exc:
        problem = f"unexpected shape ({type(exc).__name__}: {exc})"
        return [RawProblem(record, "invalid-record", problem)]


def jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]] | RawProblem]:
    """(record number, object) for each non-blank JSONL line, or a problem for a bad line."""
    with path.open(encoding="utf-8") as stream:
        for record, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
                yield RawProblem(record, "invalid-record", f"not valid JSON: {exc}")
                continue
            if isinstance(row, dict):
                yield record, row
            else:
                yield RawProblem(record, "invalid-record", "not a JSON object")
