"""Article-level tasks (``--unit article``) and the map from article offsets to paragraphs.

An article task's text is the article's exported paragraphs (body only, unless
``--all-kinds``) joined by one blank line (``\\n\\n``), the way the release writes
an article's ``text``; so paragraph boundaries show as blank lines. Its paragraph
table gives each paragraph's ``char_start`` and ``char_end`` in code points of that
text. Left-out paragraphs (headings, bylines, boilerplate) are not in the text, so
the table has gaps only of the two separator characters.

On import, a span in article coordinates becomes a span on the one paragraph that
contains it, in paragraph-relative code points. A span that reaches into a
separator or across two paragraphs is rejected (``span-crosses-paragraphs``), never
split: a split span would be two annotations nobody made.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packager.errors import ConfigError
from packager.layout import ARTICLES_NAME, PARAGRAPHS_NAME
from packager.releases.records import read_records

SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Layout:
    """An article's task text and where each of its paragraphs is in it (code points)."""

    text: str
    paragraphs: tuple[tuple[str, int, int], ...]  # (paragraph_id, char_start, char_end)

    def table(self) -> list[dict[str, Any]]:
        return [
            {"paragraph_id": pid, "char_start": start, "char_end": end}
            for pid, start, end in self.paragraphs
        ]

    def locate(self, start: int, end: int) -> tuple[str, int, int] | None:
        """The paragraph holding code points ``start:end`` and the span in its offsets."""
        starts = [s for _, s, _ in self.paragraphs]
        at = bisect.bisect_right(starts, start) - 1
        if at < 0:
            return None
        pid, first, last = self.paragraphs[at]
        if first <= start and end <= last:
            return pid, start - first, end - first
        return None


def layout(paragraphs: list[tuple[str, str]]) -> Layout:
    """The layout of ``(paragraph_id, text)`` pairs, in article order."""
    table = []
    position = 0
    for pid, text in paragraphs:
        table.append((pid, position, position + len(text)))
        position += len(text) + len(SEPARATOR)
    return Layout(SEPARATOR.join(text for _, text in paragraphs), tuple(table))


@dataclass(frozen=True, slots=True)
class ArticleTask:
    """One article as a labeling task."""

    article_id: str
    layout: Layout
    title: str | None
    url: str | None
    split: str
    publisher: str | None
    language: str | None

    @property
    def text(self) -> str:
        return self.layout.text

    @property
    def task_id(self) -> str:
        """The ID a tool's record carries (what ``paragraph_id`` is for a paragraph task)."""
        return self.article_id


def release_articles(
    release: Path, *, all_kinds: bool = False, skip: set[str] | frozenset[str] = frozenset()
) -> Iterator[ArticleTask]:
    """One task per article with at least one exported paragraph not in ``skip``.

    An article that has some paragraphs in ``skip`` (``--only-new``) but not all is
    exported whole: its known paragraphs are its context.
    """
    paragraphs, articles = release / PARAGRAPHS_NAME, release / ARTICLES_NAME
    if not paragraphs.exists() or not articles.exists():
        raise ConfigError(f"{release} is not a release folder (no paragraphs.jsonl/articles.jsonl)")
    meta = {a["article_id"]: a for a in read_records(articles)}
    for article_id, rows in _by_article(paragraphs):
        chosen = [p for p in rows if all_kinds or _body(p)]
        if not chosen or all(p["paragraph_id"] in skip for p in chosen):
            continue
        article = meta.get(article_id, {})
        yield ArticleTask(
            article_id,
            layout([(p["paragraph_id"], p["text"]) for p in chosen]),
            article.get("title"),
            article.get("url"),
            chosen[0]["split"],
            article.get("publisher"),
            article.get("language"),
        )


def _by_article(paragraphs: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The paragraph records of each article, in order (a release writes them together)."""
    current: str | None = None
    rows: list[dict[str, Any]] = []
    done: set[str] = set()
    for paragraph in read_records(paragraphs):
        if paragraph["article_id"] != current:
            if current is not None:
                yield current, rows
                done.add(current)
            current, rows = paragraph["article_id"], []
            if current in done:
                raise ConfigError(
                    f"{paragraphs}: the paragraphs of article {current} are not together; "
                    "run packager verify on the release"
                )
        rows.append(paragraph)
    if current is not None:
        yield current, rows


def _body(paragraph: dict[str, Any]) -> bool:
    return bool(paragraph.get("kind", "body") == "body")


class ArticleLayouts:
    """Every article's layouts (body only, and all kinds), read from a release on first use."""

    def __init__(self, release: Path) -> None:
        self._release = release
        self._layouts: dict[str, tuple[Layout, Layout]] | None = None

    def _load(self) -> dict[str, tuple[Layout, Layout]]:
        if self._layouts is None:
            found = {}
            for article_id, rows in _by_article(self._release / PARAGRAPHS_NAME):
                every = [(p["paragraph_id"], p["text"]) for p in rows]
                body = [pair for pair, p in zip(every, rows, strict=True) if _body(p)]
                found[article_id] = (layout(body), layout(every))
            self._layouts = found
        return self._layouts

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and article_id in self._load()

    def choose(self, article_id: str, tool_text: str | None) -> Layout | None:
        """The layout the task was exported with: the one whose text is the tool's copy
        (body only when the tool gives none); None when neither is."""
        body, every = self._load()[article_id]
        if tool_text is None or tool_text == body.text:
            return body
        return every if tool_text == every.text else None
