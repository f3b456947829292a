"""Read articles from a JSONL file (``.jsonl`` or ``.jsonl.gz``), one JSON object per line."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import orjson

from packager.ingest.raw import Metadata, RawArticle, Rejection, where


def _open(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_jsonl_articles(path: Path, relpath: str, sha256: str) -> Iterator[RawArticle | Rejection]:
    """One raw article or rejection per non-blank line; a broken file ends in one rejection.

    Line numbers are 1-based; byte offsets count in the decompressed stream.
    """
    line_number = 0
    offset = 0
    saw_record = False
    try:
        with _open(path) as stream:
            for line_number, raw_line in enumerate(stream, start=1):
                start, offset = offset, offset + len(raw_line)
                content = raw_line.rstrip(b"\r\n")
                if not content.strip():
                    continue
                saw_record = True
                yield _parse_record(content, relpath, sha256, line_number, start)
    except (OSError, EOFError, zlib.error) as exc:
        line = line_number + 1 if line_number else None
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield Rejection(
            "unreadable",
            f"{where(relpath, line)}: cannot read on from here: {reason}; "
            "the lines before it were read",
            relpath,
            line,
        )
        return
    if not saw_record:
        yield Rejection("empty-file", f"{relpath}: no JSON records in the file", relpath)


def _parse_record(
    content: bytes, relpath: str, sha256: str, line: int, start: int
) -> RawArticle | Rejection:
    place = where(relpath, line)
    try:
        record = orjson.loads(content)
    except orjson.JSONDecodeError as exc:
        return Rejection(
            "invalid-json",
            f"{place}: not valid JSON ({exc}); fix or remove the line",
            relpath,
            line,
        )
    if not isinstance(record, dict):
        return Rejection(
            "not-an-object",
            f"{place}: a line must hold one JSON object, found {type(record).__name__}",
            relpath,
            line,
        )
    if "text" not in record:
        return Rejection(
            "missing-text", f'{place}: the record has no "text" field; add it', relpath, line
        )
    text = record["text"]
    if not isinstance(text, str):
        return Rejection(
            "invalid-field",
            f'{place}: "text" must be a string, found {type(text).__name__}',
            relpath,
            line,
            findings=(
                {"code": "invalid-field", "message": "must be a string", "pointer": "/text"},
            ),
        )
    metadata = Metadata.from_mapping(record, skip=("text",))
    return RawArticle(
        relpath,
        sha256,
        text,
        metadata,
        "record",
        line=line,
        byte_start=start,
        byte_end=start + len(content),
    )
