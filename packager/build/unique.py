"""The one step that needs every article before it: IDs must be unique across the release."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from packager.build.steps import Item
from packager.errors import IdCollisionError
from packager.ingest.raw import Rejection, where

_SAME_KEY = {
    "id": "the same id",
    "url": "the same URL",
    "path": "the same path",
    "text": "the same text, and no id or URL",
}
"""What two articles with one ID share, by the kind of key (``identify.article_key``)."""


def unique_ids(items: Iterable[Item]) -> Iterator[Item]:
    """Reject a second article with an ID already used; stop on a paragraph ID collision."""
    articles: dict[str, str] = {}
    paragraphs: dict[str, str] = {}
    for item in items:
        if isinstance(item, Rejection):
            yield item
            continue
        source = item.article["source"]
        place = where(source["path"], item.source_line)
        first = articles.get(item.article_id)
        if first is not None:
            yield Rejection(
                "duplicate-id",
                f"{place}: article ID {item.article_id} is already used by {first} "
                f"({_SAME_KEY[item.key_kind]}); give each article its own id, or remove the copy",
                source["path"],
                item.source_line,
                item.article_id,
            )
            continue
        for paragraph in item.paragraphs:
            here = f"{place} paragraph {paragraph['index']}"
            other = paragraphs.setdefault(paragraph["paragraph_id"], here)
            if other != here:
                raise IdCollisionError(
                    f"paragraph ID {paragraph['paragraph_id']} is shared by {other} and {here}; "
                    "report this: it is a hash collision packager cannot resolve"
                )
        articles[item.article_id] = place
        yield item
