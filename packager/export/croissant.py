"""croissant.json: the release described in MLCommons Croissant 1.1 (JSON-LD).

Written as plain JSON (the context is the specification's constant), so
building needs no Croissant library; ``tests/ingest/test_metadata.py`` checks it with
``mlcroissant`` itself and reads both record sets through it. Every data file
is a ``cr:FileObject`` with its SHA-256. The ``paragraphs`` and ``articles``
record sets read the Parquet shards (``cr:FileSet``), whose column types are
exact: mlcroissant reads JSONL through pandas, which turns ``"0001"`` into 1
and date-like strings into time stamps. Fields are typed from the published
JSON Schemas: lists are ``repeated``, objects have ``subField``s reached with
a ``jsonPath`` transform, lists of objects are both. ``url`` is the home page
given with ``--homepage``, and left out without one (Croissant recommends it;
``mlcroissant`` validates the document without it).
"""

from __future__ import annotations

from typing import Any

from packager.check.schemas import load_schema
from packager.layout import ARTICLES_NAME, DATA_FOLDER, PARAGRAPHS_NAME
from packager.settings import BuildSettings

CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
}
_FORMATS = {".jsonl": "application/jsonlines", ".parquet": "application/x-parquet"}
RECORD_SETS = {
    "paragraphs": ("paragraph", PARAGRAPHS_NAME),
    "articles": ("article", ARTICLES_NAME),
}


def _data_type(node: dict[str, Any]) -> str | None:
    options = node.get("anyOf", [node])
    types = [option.get("type") for option in options if option.get("type") != "null"]
    return _TYPES.get(types[0]) if len(types) == 1 else None


def _field(
    field_id: str,
    name: str,
    node: dict[str, Any],
    defs: dict[str, Any],
    fileset: str,
    column: str,
    path: list[str],
) -> dict[str, Any]:
    """One Croissant field for a JSON Schema node: scalar, list, object or list of objects."""
    field: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": field_id,
        "name": name,
        "description": node.get("description", name),
    }
    repeated = node.get("type") == "array"
    target = node["items"] if repeated else node
    if "$ref" in target:
        target = defs[target["$ref"].rsplit("/", 1)[-1]]
    if repeated:
        field["repeated"] = True
    if "properties" in target:
        field["subField"] = [
            _field(f"{field_id}/{child}", child, child_node, defs, fileset, column, [*path, child])
            for child, child_node in target["properties"].items()
        ]
        return field
    field["dataType"] = _data_type(target) or "sc:Text"
    source: dict[str, Any] = {"fileSet": {"@id": fileset}, "extract": {"column": column}}
    if path:
        source["transform"] = [{"jsonPath": step} for step in path]
    field["source"] = source
    return field


def _fields(record_set: str, kind: str, fileset: str) -> list[dict[str, Any]]:
    schema = load_schema(kind)
    defs = schema.get("$defs", {})
    return [
        _field(f"{record_set}/{name}", name, node, defs, fileset, name, [])
        for name, node in schema["properties"].items()
    ]


def croissant(
    settings: BuildSettings,
    files: list[dict[str, Any]],
    license_id: str,
    citation: str,
    published: str | None,
) -> dict[str, Any]:
    """The Croissant document of a release whose data ``files`` (path, sha256) are final."""
    distribution: list[dict[str, Any]] = [
        {
            "@type": "cr:FileObject",
            "@id": entry["path"],
            "name": entry["path"],
            "contentUrl": entry["path"],
            "encodingFormat": _FORMATS[suffix],
            "sha256": entry["sha256"],
        }
        for entry in files
        if (suffix := "." + entry["path"].rsplit(".", 1)[-1]) in _FORMATS
        and not entry["path"].startswith("rejects")
    ]
    for record_set in RECORD_SETS:
        distribution.append(
            {
                "@type": "cr:FileSet",
                "@id": f"{record_set}-parquet",
                "name": f"{record_set}-parquet",
                "encodingFormat": "application/x-parquet",
                "includes": f"{DATA_FOLDER}/{record_set}/*.parquet",
            }
        )
    record_sets = [
        {
            "@type": "cr:RecordSet",
            "@id": record_set,
            "name": record_set,
            "description": f"The {record_set} of the release (all splits), from its Parquet "
            f"shards; the same records as {file_id}.",
            "key": {"@id": f"{record_set}/{kind}_id"},
            "field": _fields(record_set, kind, f"{record_set}-parquet"),
        }
        for record_set, (kind, file_id) in RECORD_SETS.items()
    ]
    document = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": settings.name,
        "description": f"{settings.pretty_name or settings.name}: paragraph-level news dataset "
        "with stable IDs and provenance, built by packager.",
        "conformsTo": "http://mlcommons.org/croissant/1.1",
        "license": license_id,
        "version": settings.version,
        "citeAs": citation,
        "distribution": distribution,
        "recordSet": record_sets,
    }
    if settings.homepage:  # only an address the user gave: never a guessed one
        document["url"] = settings.homepage
    if published:
        document["datePublished"] = published
    return document
