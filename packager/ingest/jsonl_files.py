"""Read articles from a JSONL file (``.jsonl`` or ``.jsonl.gz``), one JSON object per line."""

from __future__ import annotations

import gzip
import itertools
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import orjson

from packager.ingest.decode import binary_rejection
from packager.ingest.json_values import loads_exact, with_id_as_written
from packager.ingest.raw import (
    MAX_JSON_DEPTH,
    Metadata,
    RawArticle,
    Rejection,
    nested_too_deep,
    too_large,
    where,
)
from packager.settings import InputLimits


def _open(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


_CHUNK = 1024 * 1024
_BOM = b"\xef\xbb\xbf"


class _Lines:
    """The lines of a (decompressed) stream, never holding more than the article limit.

    A line longer than ``max_article_bytes`` is skipped in chunks and reported
    by its length; a gzip stream that expands past ``budget`` bytes stops there.
    """

    def __init__(self, stream: BinaryIO, limits: InputLimits, budget: int | None) -> None:
        self.stream = stream
        self.limit = limits.max_article_bytes
        self.budget = budget
        self.offset = 0  # bytes read so far (decompressed)

    def over_budget(self) -> bool:
        return self.budget is not None and self.offset > self.budget

    def next(self) -> tuple[bytes, int] | None:
        """(the line, or b"" when it was too long; its length), or None at the end."""
        raw_line = self.stream.readline(self.limit + 1)
        if not raw_line:
            return None
        self.offset += len(raw_line)
        if len(raw_line) <= self.limit or raw_line.endswith(b"\n"):
            return raw_line, len(raw_line)
        length = len(raw_line)
        while not raw_line.endswith(b"\n") and not self.over_budget():
            raw_line = self.stream.readline(_CHUNK)
            if not raw_line:
                break
            length += len(raw_line)
            self.offset += len(raw_line)
        return b"", length


def read_jsonl_articles(
    path: Path, relpath: str, sha256: str, limits: InputLimits | None = None
) -> Iterator[RawArticle | Rejection]:
    """One raw article or rejection per non-blank line; a broken file ends in one rejection.

    Line numbers are 1-based; byte offsets count in the decompressed stream. A first
    line that holds a JSON list is the whole file written as an array when nothing
    follows it (``json-array``), else one line that is not an object.
    """
    items = _lines_read(path, relpath, sha256, limits or InputLimits())
    first = next(items, None)
    if isinstance(first, _ListLine):
        second = next(items, None)
        if second is None:
            yield _json_array(relpath)
            return
        items = itertools.chain([first, second], items)
    elif first is not None:
        items = itertools.chain([first], items)
    for item in items:  # only the first line can be a _ListLine
        yield item.rejection if isinstance(item, _ListLine) else item


@dataclass(frozen=True, slots=True)
class _ListLine:
    """The first line holds a JSON list: an array on one line, if no other line follows."""

    rejection: Rejection


def _lines_read(
    path: Path, relpath: str, sha256: str, limits: InputLimits
) -> Iterator[RawArticle | Rejection | _ListLine]:
    line_number = 0
    saw_record = False
    try:
        budget = None
        if relpath.lower().endswith(".gz"):
            budget = max(limits.max_gzip_ratio * path.stat().st_size, limits.max_article_bytes)
        with _open(path) as stream:
            head = stream.peek(4096)[:4096]  # type: ignore[attr-defined]
            if b"\x00" in head:
                yield binary_rejection(head, relpath)
                return
            lines = _Lines(stream, limits, budget)
            while (read := lines.next()) is not None:
                line_number += 1
                raw_line, length = read
                start = lines.offset - length
                if lines.over_budget():
                    yield _bomb(relpath, line_number, lines.budget or 0, limits.max_gzip_ratio)
                    return
                if not raw_line:
                    saw_record = True
                    yield too_large(relpath, length, limits.max_article_bytes, line_number)
                    continue
                content = raw_line.rstrip(b"\r\n")
                if line_number == 1 and content.startswith(_BOM):
                    content, start = content[len(_BOM) :], start + len(_BOM)
                if not content.strip():
                    continue
                last = not raw_line.endswith(b"\n")
                parsed: RawArticle | Rejection | _ListLine = _parse_record(
                    content, relpath, sha256, line_number, start, last
                )
                if not saw_record and content.lstrip().startswith(b"["):
                    if not (isinstance(parsed, Rejection) and parsed.reason == "not-an-object"):
                        yield _json_array(relpath)  # an array over many lines
                        return
                    parsed = _ListLine(parsed)
                saw_record = True
                yield parsed
    except (OSError, EOFError, zlib.error) as exc:
        line = line_number + 1 if line_number else None
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        if not saw_record and isinstance(exc, gzip.BadGzipFile):
            message = f"{relpath}: not gzip data ({reason}); rename it without .gz, or compress it"
        else:
            message = (
                f"{where(relpath, line)}: cannot read on from here: {reason}; "
                "the lines before it were read"
            )
        yield Rejection("unreadable", message, relpath, line)
        return
    if not saw_record:
        yield Rejection("empty-file", f"{relpath}: no JSON records in the file", relpath)


def _bomb(relpath: str, line: int, budget: int, ratio: int) -> Rejection:
    return Rejection(
        "decompression-bomb",
        f"{where(relpath, line)}: expands past {budget:,} bytes ({ratio} times its "
        "compressed size): a decompression bomb, or a file to split (or raise "
        "--max-gzip-ratio); reading stopped here, the lines before it were read",
        relpath,
        line,
    )


def _json_array(relpath: str) -> Rejection:
    return Rejection(
        "json-array",
        f"{where(relpath, 1)}: the file is a JSON array, not JSON Lines (one object per "
        f"line); convert it, e.g. jq -c '.[]' {relpath} > fixed.jsonl",
        relpath,
        1,
    )


def _not_json(
    content: bytes, relpath: str, line: int, exc: orjson.JSONDecodeError, last: bool
) -> Rejection:
    """Why a line is not JSON, told apart for the causes that need different fixes."""
    place = where(relpath, line)
    if content.startswith(_BOM):
        return Rejection(
            "invalid-json",
            f"{place}: the line starts with a byte-order mark (U+FEFF, bytes ef bb bf), as "
            "when files with one are concatenated; remove it, e.g. sed 's/^\\xEF\\xBB\\xBF//'",
            relpath,
            line,
        )
    if "UTF-8" in str(exc) or "surrogate" in str(exc):
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as bad:
            snippet = content[bad.start : bad.start + 4].hex(" ")
            return Rejection(
                "invalid-utf8",
                f"{place}: not valid UTF-8 (byte {bad.start} of the line: {snippet}); "
                "re-encode the file as UTF-8",
                relpath,
                line,
            )
        return Rejection(
            "invalid-json",
            f"{place}: not valid JSON: a \\uD800-\\uDFFF escape without its pair (a lone "
            "surrogate) is not a character; fix the producer or remove the line",
            relpath,
            line,
        )
    if last and b"\r" in content:
        return Rejection(
            "invalid-json",
            f"{place}: the lines end in a carriage return only (old Mac style), so the file "
            "reads as one line; convert the line ends, e.g. tr '\\r' '\\n' < old > new",
            relpath,
            line,
        )
    if last:
        return Rejection(
            "truncated-line",
            f"{place}: the last line is cut short (not valid JSON, no line break at the end); "
            "the file was probably cut off while being written; the lines before it were read",
            relpath,
            line,
        )
    return Rejection(
        "invalid-json", f"{place}: not valid JSON ({exc}); fix or remove the line", relpath, line
    )


def _parse_record(
    content: bytes, relpath: str, sha256: str, line: int, start: int, last: bool = False
) -> RawArticle | Rejection:
    place = where(relpath, line)
    try:
        record = loads_exact(content)
    except orjson.JSONDecodeError as exc:
        return _not_json(content, relpath, line, exc, last)
    if not isinstance(record, dict):
        return Rejection(
            "not-an-object",
            f"{place}: a line must hold one JSON object, found {type(record).__name__}; "
            "fix or remove the line",
            relpath,
            line,
        )
    if nested_too_deep(record):
        return Rejection(
            "too-deeply-nested",
            f"{place}: JSON nested more than {MAX_JSON_DEPTH} levels deep; flatten the record",
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
            f'{place}: "text" must be a string, found {type(text).__name__}; fix the record',
            relpath,
            line,
            findings=(
                {"code": "invalid-field", "message": "must be a string", "pointer": "/text"},
            ),
        )
    metadata = Metadata.from_mapping(with_id_as_written(record, content), skip=("text",))
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
