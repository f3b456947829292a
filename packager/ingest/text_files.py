"""Read one plain-text article (``NAME.txt``) and its optional ``NAME.meta.json``."""

from __future__ import annotations

import codecs
from pathlib import Path

import orjson

from packager.ingest.decode import binary_rejection, decode_text
from packager.ingest.json_values import with_id_as_written
from packager.ingest.raw import (
    MAX_JSON_DEPTH,
    Metadata,
    RawArticle,
    Rejection,
    nested_too_deep,
    too_large,
)
from packager.settings import InputLimits


def read_text_article(
    path: Path, relpath: str, sha256: str, metadata: Metadata | None, limits: InputLimits
) -> RawArticle | Rejection:
    """The article in a .txt file, with its sidecar's metadata, or why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > limits.max_article_bytes:
            return too_large(relpath, size, limits.max_article_bytes)
        data = path.read_bytes()
    except OSError as exc:
        return Rejection("unreadable", f"{relpath}: cannot read: {exc.strerror}", relpath)
    decoded = decode_text(data, relpath, limits.text_fallback_encoding)
    if isinstance(decoded, Rejection):
        return decoded
    metadata = metadata or Metadata()
    if decoded.encoding != "utf-8":
        metadata = Metadata(extra={"source_encoding": decoded.encoding}).over(metadata)
    return RawArticle(
        relpath,
        sha256,
        decoded.text,
        metadata,
        "file",
        text_byte_base=decoded.bom_bytes,
        encoding=decoded.encoding,
    )


def read_sidecar(
    path: Path, relpath: str, limits: InputLimits | None = None
) -> Metadata | Rejection:
    """The metadata in a ``NAME.meta.json`` (UTF-8, a BOM dropped), or why it cannot be read."""
    limit = (limits or InputLimits()).max_article_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            return too_large(relpath, size, limit)
        data = path.read_bytes()
    except OSError as exc:
        return Rejection("unreadable", f"{relpath}: cannot read: {exc.strerror}", relpath)
    if b"\x00" in data:
        return binary_rejection(data, relpath)
    try:
        loaded = orjson.loads(data.removeprefix(codecs.BOM_UTF8))
    except orjson.JSONDecodeError as exc:
        return Rejection(
            "invalid-metadata", f"{relpath}: not valid JSON ({exc}); fix or remove it", relpath
        )
    if not isinstance(loaded, dict):
        return Rejection(
            "invalid-metadata",
            f"{relpath}: must be a JSON object of metadata, found {type(loaded).__name__}; "
            "fix or remove it",
            relpath,
        )
    if nested_too_deep(loaded):
        return Rejection(
            "too-deeply-nested",
            f"{relpath}: JSON nested more than {MAX_JSON_DEPTH} levels deep; flatten the metadata",
            relpath,
        )
    return Metadata.from_mapping(with_id_as_written(loaded, data.removeprefix(codecs.BOM_UTF8)))
