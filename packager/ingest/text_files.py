"""Read one plain-text article (``NAME.txt``) and its optional ``NAME.meta.json``."""

from __future__ import annotations

from pathlib import Path

import orjson

from packager.ingest.decode import decode_utf8
from packager.ingest.raw import Metadata, RawArticle, Rejection


def read_text_article(
    path: Path, relpath: str, sha256: str, metadata: Metadata | None
) -> RawArticle | Rejection:
    """The article in a .txt file, with its sidecar's metadata, or why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Rejection("unreadable", f"{relpath}: cannot read: {exc.strerror}", relpath)
    decoded = decode_utf8(data, relpath)
    if isinstance(decoded, Rejection):
        return decoded
    text, bom = decoded
    return RawArticle(relpath, sha256, text, metadata or Metadata(), "file", text_byte_base=bom)


def read_sidecar(path: Path, relpath: str) -> Metadata | Rejection:
    try:
        loaded = orjson.loads(path.read_bytes())
    except OSError as exc:
        return Rejection("unreadable", f"{relpath}: cannot read: {exc.strerror}", relpath)
    except orjson.JSONDecodeError as exc:
        return Rejection(
            "invalid-metadata", f"{relpath}: not valid JSON ({exc}); fix or remove it", relpath
        )
    if not isinstance(loaded, dict):
        return Rejection(
            "invalid-metadata",
            f"{relpath}: must be a JSON object of metadata, found {type(loaded).__name__}",
            relpath,
        )
    return Metadata.from_mapping(loaded)
