"""One JSON value from bytes: strict like orjson, with integers of any size kept exact.

orjson is the fast, strict parser (it refuses lone surrogates, NaN and Infinity), but
it reads an integer past 64 bits as a float (``123456789012345678901234567890`` becomes
``1.2345678901234568e+29``) and one past a float's range not at all. Where a line holds
a run of 19 digits, it is parsed again by the standard library, whose integers have no
size limit, keeping only what orjson would accept.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

from packager.ingest.raw import nested_too_deep

# Digits as "0", every other byte as a space: a run of 19 digits is then a substring
# search (C, a few µs a line) instead of a regex tried at every byte.
_DIGITS_AS_ZERO = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
_LONG_RUN = b"0" * 19
_FAILED = object()


def loads_exact(content: bytes) -> Any:
    """The JSON value of ``content``; raises ``orjson.JSONDecodeError`` when it is not JSON."""
    try:
        value = orjson.loads(content)
    except orjson.JSONDecodeError as exc:
        if "number is infinity" in str(exc):
            exact = _exact_numbers(content)
            if exact is not _FAILED:
                return exact
        raise
    if _LONG_RUN in content.translate(_DIGITS_AS_ZERO) and not nested_too_deep(value):
        exact = _exact_numbers(content)
        if exact is not _FAILED:
            return exact
    return value


def _exact_numbers(content: bytes) -> Any:
    """The standard library's parse, or ``_FAILED`` when it fails or finds what orjson
    refuses (an infinite float, a lone surrogate) or nests too deep; integers past 4,300
    digits are Python's own limit."""
    try:
        value = json.loads(content, parse_float=_finite, parse_constant=_refuse)
    except (ValueError, RecursionError):
        return _FAILED
    return _FAILED if nested_too_deep(value) or _has_lone_surrogate(value) else value


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise ValueError(f"{text} is past a float's range")
    return number


def _refuse(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= char <= "\udfff" for char in value)
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


def with_id_as_written(record: dict[str, Any], content: bytes) -> dict[str, Any]:
    """The record with a numeric ``id`` as its source text: ``2.0`` stays ``"2.0"`` and
    ``3e2`` stays ``"3e2"`` (a parsed number would print ``2.0`` and ``300.0``)."""
    value = record.get("id")
    if not isinstance(value, int | float) or isinstance(value, bool):
        return record
    try:
        as_written = json.loads(content, parse_int=str, parse_float=str, parse_constant=_refuse)
    except (ValueError, RecursionError):
        return record
    if not isinstance(as_written, dict) or not isinstance(as_written.get("id"), str):
        return record
    return {**record, "id": as_written["id"]}
