"""Validate records against the published schemas: fast to pass, precise when failing.

The compiled validator (jsonschema-rs, Rust) answers "valid?" for every record
in about a microsecond. Only a record that fails is explained again by the
reference ``jsonschema`` implementation, which gives each problem's JSON
pointer and a readable message. ``tests/check/test_validator.py`` proves both agree.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from packager.check.schemas import RECORD_KINDS, load_schema

if TYPE_CHECKING:  # jsonschema is imported only to explain a record that fails
    import jsonschema
    from jsonschema.exceptions import ValidationError


def json_pointer(path: Any) -> str:
    """RFC 6901 pointer of a path of keys and indexes ("" is the whole record)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _message(error: ValidationError) -> ValidationError:
    """For ``anyOf``/``oneOf`` failures, the branch error that says what was meant."""
    from jsonschema.exceptions import best_match

    if not error.context:
        return error
    meaningful = [
        branch
        for branch in error.context
        if not (branch.validator == "type" and branch.validator_value == "null")
    ]
    return best_match(meaningful or error.context) or error


def _readable(detail: ValidationError, outer: ValidationError) -> str:
    """A pattern failure names what was expected (the field's description), not the regex.

    A long value is shortened, so that a 10,000-character ``id`` still makes a
    one-line message.
    """
    shown = as_json(detail.instance)
    if len(shown) > _MAX_SHOWN:
        size = f"{len(detail.instance):,} long" if hasattr(detail.instance, "__len__") else "long"
        short = f"{shown[: _MAX_SHOWN - 10]}... ({size})"
    else:
        short = shown
    if detail.validator == "pattern":
        description = outer.schema.get("description") or detail.schema.get("description")
        if description:
            return f"{short} is not valid here, expected: {description.rstrip('.')}"
    message: str = detail.message
    return message.replace(repr(detail.instance), short)


def as_json(value: Any, limit: int | None = None) -> str:
    """A value as JSON shows it (``false``, ``null``, ``"text"``), not as Python does;
    past ``limit`` characters, cut short with ``...``."""
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = repr(value)
    return shown if limit is None or len(shown) <= limit else shown[: limit - 3] + "..."


_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})")


def calendar_findings(article: Any) -> list[dict[str, Any]]:
    """A ``published_at`` whose date is not on the calendar, as a schema finding."""
    value = article.get("published_at") if isinstance(article, dict) else None
    if not isinstance(value, str) or (match := _DATE.match(value)) is None:
        return []
    year, month, day = (int(part) for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError as exc:
        why = "year 0000 is not a year" if year == 0 else str(exc)
        return [
            {
                "code": "schema-invalid",
                "message": f"{as_json(value)} is not a calendar date ({why})",
                "pointer": "/published_at",
            }
        ]
    return []


_MAX_SHOWN = 80


class RecordChecker:
    """Compiled validators for every record kind, built once per run."""

    def __init__(self, kinds: tuple[str, ...] = RECORD_KINDS) -> None:
        self._fast = {kind: jsonschema_rs.validator_for(load_schema(kind)) for kind in kinds}
        self._explainers: dict[str, jsonschema.Draft202012Validator] = {}

    def is_valid(self, kind: str, record: Any) -> bool:
        return self._fast[kind].is_valid(record)

    def findings(self, kind: str, record: Any) -> list[dict[str, Any]]:
        """Every problem of ``record`` as ``{code, message, pointer}``; empty when valid.

        An article's ``published_at`` must also be a day on the calendar, which no
        pattern can check (``2024-02-30``, year ``0000``).
        """
        if self._fast[kind].is_valid(record):
            return calendar_findings(record) if kind == "article" else []
        return self.explain(kind, record)

    def explain(self, kind: str, record: Any) -> list[dict[str, Any]]:
        explainer = self._explainers.get(kind)
        if explainer is None:
            import jsonschema

            explainer = jsonschema.Draft202012Validator(load_schema(kind))
            self._explainers[kind] = explainer
        errors = sorted(explainer.iter_errors(record), key=lambda e: [str(p) for p in e.path])
        found = []
        for error in errors:
            detail = _message(error)
            found.append(
                {
                    "code": "schema-invalid",
                    "message": _readable(detail, error),
                    "pointer": json_pointer(detail.absolute_path),
                }
            )
        if not found:  # the compiled validator disagrees with jsonschema: say so, never pass
            found.append(
                {
                    "code": "schema-invalid",
                    "message": "rejected by the compiled validator (no detail available)",
                    "pointer": "",
                }
            )
        return found
