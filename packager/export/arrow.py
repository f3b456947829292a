"""Arrow schemas derived from the published JSON Schemas.

One source of truth: the Parquet columns (and so the Hugging Face features
written into the card) are computed from ``schemas/*.schema.json``, never
declared a second time by hand.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pyarrow as pa

from packager.check.schemas import load_schema
from packager.errors import SchemaError

_SCALARS = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
}


@cache
def arrow_schema(kind: str) -> pa.Schema:
    """The Arrow schema of one record kind, fields in schema order."""
    schema = load_schema(kind)
    struct = _arrow_type(schema, schema.get("$defs", {}))
    return pa.schema(list(struct))


def _arrow_type(node: dict[str, Any], defs: dict[str, Any]) -> pa.DataType:
    if "$ref" in node:
        return _arrow_type(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in node:  # nullable: T | null
        options = [option for option in node["anyOf"] if option.get("type") != "null"]
        if len(options) != 1:
            raise SchemaError(f"cannot map a union of {len(options)} types to a column")
        return _arrow_type(options[0], defs)
    kind = node.get("type")
    if kind in _SCALARS:
        return _SCALARS[kind]
    if kind == "array":
        return pa.list_(_arrow_type(node["items"], defs))
    if kind == "object" and "properties" in node:
        required = set(node.get("required", ()))
        return pa.struct(
            [
                pa.field(name, _arrow_type(prop, defs), nullable=True)
                if name not in required or _nullable(prop)
                else pa.field(name, _arrow_type(prop, defs), nullable=False)
                for name, prop in node["properties"].items()
            ]
        )
    raise SchemaError(f"no column type for schema node {node!r}")


def _nullable(node: dict[str, Any]) -> bool:
    return any(option.get("type") == "null" for option in node.get("anyOf", ()))
