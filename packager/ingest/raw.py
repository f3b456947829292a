"""What readers produce: a raw article, or a rejection with its reason.

Both are plain, picklable data so that the per-article work can run in any
worker process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

KNOWN_METADATA = ("url", "title", "publisher", "published_at", "authors", "language", "license")

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a record or sidecar.

Real crawler metadata is a few levels deep. orjson parses up to 1,024 levels,
deeper than Python's recursion limit lets the JSON writer and the schema
checker follow, so deeper values are rejected at the reader instead.
"""


def nested_too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a parsed JSON value nests arrays and objects more than ``limit`` deep."""
    if not isinstance(value, dict | list):
        return False
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


@dataclass(frozen=True, slots=True)
class Metadata:
    """An article's metadata; keys packager does not know are kept in ``extra``."""

    external_id: Any = None
    url: Any = None
    title: Any = None
    publisher: Any = None
    published_at: Any = None
    authors: Any = ()
    language: Any = None
    license: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, mapping: dict[str, Any], *, skip: tuple[str, ...] = ()) -> Metadata:
        """Sort a JSON object into known fields and extras.

        Types are not checked here: the article record is validated against its
        schema, which names the exact field. Two common crawler shapes are
        accepted: a single author as a string, and a numeric ``id``.
        """
        known = {key: mapping.get(key) for key in KNOWN_METADATA}
        authors = known.pop("authors")
        if authors is None:
            authors = ()
        elif isinstance(authors, str):
            authors = (authors,)
        elif isinstance(authors, list):
            authors = tuple(authors)
        external_id = mapping.get("id")
        if isinstance(external_id, int) and not isinstance(external_id, bool):
            external_id = str(external_id)
        extra = {
            key: value
            for key, value in mapping.items()
            if key not in KNOWN_METADATA and key != "id" and key not in skip
        }
        return cls(external_id=external_id, authors=authors, extra=extra, **known)

    def over(self, base: Metadata) -> Metadata:
        """This metadata laid over ``base``: every field given here wins; extras merge."""
        fields = {}
        for name in (
            "external_id",
            "url",
            "title",
            "publisher",
            "published_at",
            "language",
            "license",
        ):
            mine = getattr(self, name)
            fields[name] = mine if mine is not None else getattr(base, name)
        fields["authors"] = self.authors or base.authors
        return Metadata(**fields, extra={**base.extra, **self.extra})


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article as read: decoded but not yet normalised or split.

    ``layout`` says how to locate a paragraph in the source: ``file`` means the
    text is the whole file (paragraph lines and bytes are computed from the
    text, after ``text_byte_base`` bytes of BOM); ``record`` means the text is
    one field of a JSONL record, located by the record's line and bytes;
    ``document`` means the text was extracted from a page (HTML), located by the
    whole file (lines ``line``..``line_last``) and, per paragraph, ``elements``.
    """

    source_path: str
    source_sha256: str
    text: str
    metadata: Metadata
    layout: Literal["file", "record", "document"]
    line: int = 1  # record layout: the record's line; document: the first line
    byte_start: int = 0  # record and document layout: the bytes
    byte_end: int = 0
    text_byte_base: int = 0  # file layout: bytes before the text (a UTF-8 BOM)
    line_last: int = 1  # document layout: the last line of the page
    encoding: str = "utf-8"  # file layout: what decoded the bytes (utf-8 unless a fallback did)
    convention: Literal["line", "blank-line", "html"] | None = None  # forced by the reader
    elements: tuple[str | None, ...] = ()  # document layout: element of each paragraph
    # document layout: (line_start, line_end, byte_start, byte_end) of each paragraph
    positions: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input unit that does not become part of the release, with a stable reason code."""

    reason: str
    message: str
    source_path: str
    line: int | None = None
    article_id: str | None = None
    findings: tuple[dict[str, Any], ...] = ()
    paragraph_id: str | None = None
    text: str | None = None

    def to_record(self) -> dict[str, Any]:
        """As a ``reject`` record (schemas/reject.schema.json), keys in schema order."""
        return {
            "reason": self.reason,
            "message": self.message,
            "source_path": self.source_path,
            "line": self.line,
            "article_id": self.article_id,
            "paragraph_id": self.paragraph_id,
            "text": self.text,
            "findings": list(self.findings),
        }


def display_path(path: str) -> str:
    """A path safe to print on one line and to store as JSON.

    File names are bytes: one that is not UTF-8 arrives here with surrogate
    escapes, and a name may hold a line break or other control characters.
    Those are shown as backslash escapes (``caf\\xe9.txt``, ``a\\nb.txt``).
    """
    escaped = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if escaped.isprintable():
        return escaped
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in escaped)


def where(path: str, line: int | None = None) -> str:
    """``path`` or ``path:line``, the way compilers name a place."""
    return path if line is None else f"{path}:{line}"


def too_large(relpath: str, size: int, limit: int, line: int | None = None) -> Rejection:
    """An article too big to read (a file, or one line of a JSONL file)."""
    place = relpath if line is None else f"{relpath}:{line}"
    what = "the file" if line is None else "the line"
    return Rejection(
        "too-large",
        f"{place}: {what} holds {size:,} bytes, more than one article may "
        f"({limit:,}); split it, or raise --max-article-bytes",
        relpath,
        line,
    )
