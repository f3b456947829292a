"""The paragraphs of a release as labeling tasks, with the context annotators need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path

from packager.errors import ConfigError
from packager.layout import ARTICLES_NAME, PARAGRAPHS_NAME
from packager.releases.records import read_records


@dataclass(frozen=True, slots=True)
class Task:
    paragraph_id: str
    article_id: str
    text: str
    kind: str
    position: int  # 0-based index of the paragraph in its article
    title: str | None
    url: str | None
    split: str
    # ``--context N``: up to N exported paragraphs of the same article before and after
    before: tuple[str, ...] | None = None
    after: tuple[str, ...] = ()


def release_tasks(
    release: Path, *, all_kinds: bool = False, skip: set[str] | frozenset[str] = frozenset()
) -> Iterator[Task]:
    """Tasks in release order: body paragraphs only (unless ``all_kinds``), minus ``skip`` IDs."""
    paragraphs, articles = release / PARAGRAPHS_NAME, release / ARTICLES_NAME
    if not paragraphs.exists() or not articles.exists():
        raise ConfigError(f"{release} is not a release folder (no paragraphs.jsonl/articles.jsonl)")
    context = {a["article_id"]: (a.get("title"), a.get("url")) for a in read_records(articles)}
    for paragraph in read_records(paragraphs):
        kind = paragraph.get("kind", "body")
        if (kind != "body" and not all_kinds) or paragraph["paragraph_id"] in skip:
            continue
        title, url = context.get(paragraph["article_id"], (None, None))
        yield Task(
            paragraph["paragraph_id"],
            paragraph["article_id"],
            paragraph["text"],
            kind,
            paragraph["index"],
            title,
            url,
            paragraph["split"],
        )


def with_context(tasks: Iterator[Task], n: int) -> Iterator[Task]:
    """``tasks`` with up to ``n`` texts of the same article's tasks before and after each
    (the exported kinds only, in release order; an article's paragraphs are together)."""
    for _, group in groupby(tasks, key=lambda task: task.article_id):
        article = list(group)
        texts = [task.text for task in article]
        for at, task in enumerate(article):
            before, after = tuple(texts[max(0, at - n) : at]), tuple(texts[at + 1 : at + 1 + n])
            yield replace(task, before=before, after=after)


def paragraph_ids(release: Path) -> set[str]:
    return {p["paragraph_id"] for p in read_records(release / PARAGRAPHS_NAME)}
