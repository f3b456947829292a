"""datapackage.json: the release as a Frictionless Data Package (v2-compatible, v1 fields).

One tabular resource per JSONL and Parquet file, with a table schema derived
from the published JSON Schemas. JSONL resources carry their byte count and
SHA-256. Parquet resources carry neither (frictionless cannot count or hash
them) and declare nested columns as ``any``, since Parquet hands lists and structs
back as arrays. ``tests/ingest/test_metadata.py`` runs ``frictionless validate`` on it.
"""

from __future__ import annotations

from typing import Any

from packager.check.schemas import load_schema
from packager.settings import BuildSettings

_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def _table_schema(kind: str, nested: str) -> dict[str, Any]:
    fields = []
    for name, node in load_schema(kind)["properties"].items():
        types = [o.get("type") for o in node.get("anyOf", [node]) if o.get("type") != "null"]
        json_type = types[0] if types else "object"  # a $ref is an object
        field_type = _TYPES.get(json_type, nested)
        fields.append(
            {"name": name, "type": field_type, "description": node.get("description", "")}
        )
    return {"fields": fields}


def datapackage(
    settings: BuildSettings, files: list[dict[str, Any]], license_id: str
) -> dict[str, Any]:
    resources = []
    for entry in files:
        path = entry["path"]
        kind = "paragraph" if "paragraphs" in path else "article" if "articles" in path else None
        if kind is None:
            continue
        resource: dict[str, Any] = {
            "name": path.replace("/", "-").replace(".", "-").lower(),
            "path": path,
        }
        if path.endswith(".jsonl"):
            resource.update(
                format="jsonl",
                mediatype="application/jsonl",
                encoding="utf-8",
                bytes=entry["bytes"],
                hash=f"sha256:{entry['sha256']}",
            )
            resource["schema"] = _table_schema(kind, nested="any")
        elif path.endswith(".parquet"):
            resource.update(format="parquet", schema=_table_schema(kind, nested="any"))
        else:
            continue
        resources.append(resource)
    package: dict[str, Any] = {
        "name": settings.name,
        "title": settings.pretty_name or settings.name,
        "version": settings.version,
    }
    if settings.homepage:  # only an address the user gave
        package["homepage"] = settings.homepage
    package.update(licenses=[{"name": license_id}], resources=resources)
    return package
