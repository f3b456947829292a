"""The per-article step: one raw article in, its article and paragraph records out.

Pure and picklable, so it runs unchanged in a worker process or on a cluster.
Records are plain dicts with the keys in schema order (what JSONL shows);
``tests/check/test_schemas.py`` holds them to the pydantic models.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import Any

import orjson

from packager.identify import article_id, article_key, paragraph_ids, split_for
from packager.ingest.normal import normal_metadata
from packager.ingest.raw import RawArticle, Rejection
from packager.segment import ParagraphSpan, paragraph_count, utf8_offsets
from packager.segment import split_paragraphs as segment
from packager.settings import BuildSettings

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class AssembledArticle:
    article: dict[str, Any]
    paragraphs: list[dict[str, Any]]
    source_line: int  # where the article starts in its input, for messages
    dropped: tuple[Rejection, ...] = ()  # paragraphs left out by policy, for the rejects report
    key_kind: str = "path"  # what the article ID was made from: id, url, path or text
    # the paragraphs' survey keys, 8 bytes each, in order: kept by the first pass for the
    # second, which then neither folds nor hashes a paragraph again to look it up (b"": none)
    paragraph_keys: bytes = b""

    @property
    def article_id(self) -> str:
        article_id: str = self.article["article_id"]
        return article_id

    def __reduce__(self) -> tuple[Any, ...]:
        # a frozen slots dataclass unpickles through dataclasses.fields() for every
        # object; rebuilt from its fields in order, it costs a plain constructor call
        return (
            AssembledArticle,
            (
                self.article,
                self.paragraphs,
                self.source_line,
                self.dropped,
                self.key_kind,
                self.paragraph_keys,
            ),
        )


def assemble(raw: RawArticle, settings: BuildSettings) -> AssembledArticle | Rejection:
    """Split, identify and locate one article; a Rejection if it has no text."""
    if (metadata := normal_metadata(raw.metadata)) is not raw.metadata:
        raw = replace(raw, metadata=metadata)
    forced = raw.convention if raw.convention != "html" else "line"
    line = raw.line if raw.layout == "record" else None
    limit = settings.limits.max_paragraphs_per_article
    if raw.text.count("\n") + raw.text.count("\r") >= limit:  # else it cannot be too many
        count = paragraph_count(raw.text, forced or settings.paragraph_convention)
        if count is not None and count > limit:
            return _too_many_paragraphs(raw, line, count, limit)
    segmented, spans = segment(
        raw.text, forced or settings.paragraph_convention, settings.max_wrap_width
    )
    convention = "html" if raw.convention == "html" else segmented
    if len(spans) > limit:
        return _too_many_paragraphs(raw, line, len(spans), limit)
    title = raw.metadata.title
    # an HTML page's title is its own (its headline is not a paragraph): --title-line is for
    # text, where the title is a line of the article
    took_title = settings.title_line and raw.layout != "document" and bool(spans)
    if took_title:
        title_span = spans.pop(0)
        title = title if title is not None else title_span.text
    if not spans or not any(_visible(span.text) for span in spans):
        place = raw.source_path if line is None else f"{raw.source_path}:{line}"
        what = "no text" if not spans else "no visible text (only invisible characters)"
        if took_title:
            what += " after its title line"
        return Rejection(
            "empty-article", f"{place}: the article has {what}; remove it", raw.source_path, line
        )
    meta = raw.metadata
    external_id = meta.external_id if isinstance(meta.external_id, str) else None
    key_url = meta.url if isinstance(meta.url, str) else None
    record_texts = [span.text for span in spans] if raw.layout == "record" else None
    key = article_key(external_id, key_url, raw.source_path, record_texts)
    aid = article_id(key)
    split = split_for(aid, settings.splits)
    positions = _positions(raw, spans)
    paragraphs = _paragraph_records(raw, aid, split, [span.text for span in spans], positions)
    article = _article_record(raw, aid, split, title, convention, paragraphs)
    first, last = positions[0], positions[-1]
    article["source"] = _source(raw, first[0], last[1], first[2], last[3], None)
    return AssembledArticle(article, paragraphs, first[0], key_kind=key.partition(":")[0])


def _visible(text: str) -> bool:
    """Whether any character shows: not only format characters (zero-width space, soft
    hyphen, BOM), controls and spaces, which ``str.strip`` keeps."""
    return any(unicodedata.category(char)[0] not in "CZ" for char in text)


def _paragraph_records(
    raw: RawArticle,
    aid: str,
    split: str,
    texts: list[str],
    positions: list[tuple[int, int, int, int]],
) -> list[dict[str, Any]]:
    records = []
    offset = 0
    elements = raw.elements if len(raw.elements) == len(texts) else (None,) * len(texts)
    # Paragraphs of the same place (every paragraph of a JSONL record) share one source
    # dict: read-only everywhere, pickled once per batch instead of once per paragraph.
    source: dict[str, Any] = {}
    place: tuple[Any, ...] = ()
    for index, (text, pid, position, element) in enumerate(
        zip(texts, paragraph_ids(aid, texts), positions, elements, strict=True)
    ):
        if (position, element) != place:
            place = (position, element)
            source = _source(raw, *position, element)
        n_chars = len(text)
        records.append(
            {
                "paragraph_id": pid,
                "article_id": aid,
                "split": split,
                "index": index,
                "text": text,
                "char_start": offset,
                "char_end": offset + n_chars,
                "n_chars": n_chars,
                "kind": "body",
                "flags": [],
                "source": source,
            }
        )
        offset += n_chars + len(PARAGRAPH_SEPARATOR)
    return records


def _article_record(
    raw: RawArticle,
    aid: str,
    split: str,
    title: Any,
    convention: str,
    paragraphs: list[dict[str, Any]],
) -> dict[str, Any]:
    """The article record; its ``source`` is filled in by the caller."""
    meta = raw.metadata
    text = PARAGRAPH_SEPARATOR.join(paragraph["text"] for paragraph in paragraphs)
    return {
        "article_id": aid,
        "external_id": meta.external_id,
        "split": split,
        "title": title,
        "url": meta.url,
        "publisher": meta.publisher,
        "published_at": meta.published_at,
        "authors": list(meta.authors) if isinstance(meta.authors, tuple) else meta.authors,
        "language": meta.language,
        "license": meta.license,
        "text": text,
        "n_paragraphs": len(paragraphs),
        "n_chars": len(text),
        "paragraph_convention": convention,
        "language_source": "metadata" if isinstance(meta.language, str) else None,
        "duplicate_of": None,
        "dup_group": aid,
        "extra": _extra_json(meta.extra),
        "source": None,
    }


def _too_many_paragraphs(raw: RawArticle, line: int | None, count: int, limit: int) -> Rejection:
    """An article of more paragraphs than one may have: refused before its records are made
    (each paragraph's records cost about 2 KB, a million tiny lines 2 GB)."""
    place = raw.source_path if line is None else f"{raw.source_path}:{line}"
    return Rejection(
        "too-many-paragraphs",
        f"{place}: the article splits into {count:,} paragraphs, more than one article may "
        f"({limit:,}); split it, or raise --max-paragraphs-per-article",
        raw.source_path,
        line,
    )


def _positions(raw: RawArticle, spans: list[ParagraphSpan]) -> list[tuple[int, int, int, int]]:
    """(line_start, line_end, byte_start, byte_end) of each paragraph in the input file."""
    if raw.layout == "record":
        return [(raw.line, raw.line, raw.byte_start, raw.byte_end)] * len(spans)
    if raw.layout == "document":
        if len(raw.positions) == len(spans):
            return list(raw.positions)
        return [(raw.line, raw.line_last, raw.byte_start, raw.byte_end)] * len(spans)
    char_offsets = [offset for span in spans for offset in (span.raw_start, span.raw_end)]
    byte_offsets = utf8_offsets(raw.text, char_offsets, raw.text_byte_base, raw.encoding)
    return [
        (span.line_first + 1, span.line_last + 1, byte_offsets[2 * i], byte_offsets[2 * i + 1])
        for i, span in enumerate(spans)
    ]


def _source(
    raw: RawArticle,
    line_start: int,
    line_end: int,
    byte_start: int,
    byte_end: int,
    element: str | None,
) -> dict[str, Any]:
    url = raw.metadata.url
    return {
        "path": raw.source_path,
        "url": url if isinstance(url, str) else None,
        "sha256": raw.source_sha256,
        "line_start": line_start,
        "line_end": line_end,
        "byte_start": byte_start,
        "byte_end": byte_end,
        "element": element,
    }


def _extra_json(extra: dict[str, Any]) -> str:
    """Extras as canonical JSON (sorted keys), so equal metadata gives equal bytes."""
    try:
        return orjson.dumps(extra, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    except TypeError:  # e.g. integers beyond 64 bits: fall back to the standard library
        import json

        return json.dumps(extra, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
