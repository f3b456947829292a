"""croissant.json: the release described in MLCommons Croissant 1.1 (JSON-LD).

Written as plain JSON (the context is the specification's constant), so
building needs no Croissant library; ``tests/test_metadata.py`` checks it with
``mlcroissant`` itself and reads the paragraph records through it. Every data
file is a ``cr:FileObject`` with its SHA-256; the ``paragraphs`` and
``articles`` record sets take their scalar fields from the JSONL files, typed
from the published JSON Schemas (nested values such as ``source`` and ``flags``
are described by those schemas, which the release carries).
"""

from __future__ import annotations

from typing import Any

from packager.check.schemas import load_schema
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
    "paragraphs": ("paragraph", "paragraphs.jsonl"),
    "articles": ("article", "articles.jsonl"),
}


def _scalar_type(node: dict[str, Any]) -> str | None:
    options = node.get("anyOf", [node])
    types = [option.get("type") for option in options if option.get("type") != "null"]
    return _TYPES.get(types[0]) if len(types) == 1 else None


def _fields(record_set: str, kind: str, file_id: str) -> list[dict[str, Any]]:
    fields = []
    for name, node in load_schema(kind)["properties"].items():
        data_type = _scalar_type(node)
        if data_type is None:
            continue  # nested: described by the bundled JSON Schema
        fields.append(
            {
                "@type": "cr:Field",
                "@id": f"{record_set}/{name}",
                "name": name,
                "description": node.get("description", name),
                "dataType": data_type,
                "source": {"fileObject": {"@id": file_id}, "extract": {"column": name}},
            }
        )
    return fields


def croissant(
    settings: BuildSettings,
    files: list[dict[str, Any]],
    license_id: str,
    citation: str,
    published: str | None,
) -> dict[str, Any]:
    """The Croissant document of a release whose data ``files`` (path, sha256) are final."""
    distribution = [
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
    record_sets = [
        {
            "@type": "cr:RecordSet",
            "@id": record_set,
            "name": record_set,
            "description": f"The {record_set} of the release, one record per line of {file_id}.",
            "field": _fields(record_set, kind, file_id),
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
        "url": f"https://huggingface.co/datasets/{settings.name}",
        "version": settings.version,
        "citeAs": citation,
        "distribution": distribution,
        "recordSet": record_sets,
    }
    if published:
        document["datePublished"] = published
    return document
