"""Articles' records in the form they are written in, made where the articles were processed.

A worker turns a batch of finished articles into their JSONL lines (bytes), their
Parquet rows (one Arrow table per config and split), their dropped paragraphs'
reject lines (checked against the reject schema) and the few facts the card and
the manifest count. The build process then only writes bytes and cuts tables
(:meth:`packager.export.writer.ReleaseWriter.write_rendered`): no record is a
Python dict there, and nothing is serialised or validated twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pyarrow as pa

from packager.check.validator import RecordChecker
from packager.errors import PackagerError
from packager.export.arrow import arrow_schema
from packager.export.jsonl import dumps_line
from packager.layout import CONFIGS


class Dropped(Protocol):
    """What left the release (a rejected input, a dropped paragraph): a reason and a record."""

    @property
    def reason(self) -> str: ...

    def to_record(self) -> dict[str, Any]: ...


class ArticleToWrite(Protocol):
    """One article's records as the steps made them (``assemble.AssembledArticle`` is one).

    A protocol, not the steps' class: writing files needs nothing from the steps."""

    @property
    def article(self) -> dict[str, Any]: ...

    @property
    def paragraphs(self) -> list[dict[str, Any]]: ...

    @property
    def dropped(self) -> Sequence[Dropped]: ...


@dataclass(frozen=True, slots=True)
class RenderedArticle:
    """One accepted article, ready to write."""

    split: str
    article_line: bytes
    paragraph_lines: bytes  # every paragraph's line, joined
    paragraph_sizes: list[int]  # each paragraph line's length: how shards are cut
    dropped: tuple[tuple[str, bytes], ...]  # (reason, reject line) of each paragraph left out
    kinds: dict[str, int]  # paragraphs by kind
    flags: dict[str, int]  # paragraphs by flag code
    language: str | None
    license: str | None
    duplicate: bool
    source: str  # the publisher, else the top input folder
    published_day: str | None

    def __reduce__(self) -> tuple[Any, ...]:
        # a frozen slots dataclass unpickles through a setattr per field; a constructor
        # call is cheaper, and the build process unpickles one of these per article
        return (RenderedArticle, tuple(getattr(self, name) for name in self.__slots__))


@dataclass(frozen=True, slots=True)
class RenderedBatch:
    """A batch's articles, and their Parquet rows: ``rows[config][split]``, in article order."""

    articles: list[RenderedArticle]
    rows: dict[str, dict[str, pa.Table]]


def reject_line(record: dict[str, Any], checker: RecordChecker) -> bytes:
    """A reject record's JSONL line, after checking it: our own record is never wrong silently."""
    problems = checker.findings("reject", record)
    if problems:  # a bug, never a silent bad file
        raise PackagerError(f"internal error: invalid reject record {record}: {problems}")
    return dumps_line(record)


def render_batch(
    items: Sequence[ArticleToWrite], checker: RecordChecker, splits: Iterable[str]
) -> RenderedBatch:
    """Accepted articles, in order, ready to write."""
    articles = [render_article(item, checker) for item in items]
    return RenderedBatch(articles, render_rows(items, splits))


def render_article(item: ArticleToWrite, checker: RecordChecker) -> RenderedArticle:
    """An article's lines, its dropped paragraphs' reject lines, and what is counted of it."""
    article, paragraphs = item.article, item.paragraphs
    lines = [dumps_line(paragraph) for paragraph in paragraphs]
    kinds: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    for paragraph in paragraphs:
        kinds[paragraph["kind"]] += 1
        if paragraph["flags"]:
            flags.update({flag["code"] for flag in paragraph["flags"]})
    published = article["published_at"]
    return RenderedArticle(
        article["split"],
        dumps_line(article),
        b"".join(lines),
        [len(line) for line in lines],
        tuple((left.reason, reject_line(left.to_record(), checker)) for left in item.dropped),
        dict(kinds),
        dict(flags),
        article["language"],
        article["license"],
        article["duplicate_of"] is not None,
        article["publisher"] or article["source"]["path"].split("/")[0],
        published[:10] if published else None,
    )


def render_rows(
    items: Sequence[ArticleToWrite], splits: Iterable[str]
) -> dict[str, dict[str, pa.Table]]:
    """The Parquet rows of articles and of their paragraphs, by config and split."""
    by_split: dict[str, dict[str, list[dict[str, Any]]]] = {
        config: {split: [] for split in splits} for config in CONFIGS
    }
    for item in items:
        by_split["articles"][item.article["split"]].append(item.article)
        by_split["paragraphs"][item.article["split"]].extend(item.paragraphs)
    return {
        config: {
            split: pa.Table.from_pylist(rows, schema=arrow_schema(kind))
            for split, rows in by_split[config].items()
        }
        for config, kind in CONFIGS.items()
    }
