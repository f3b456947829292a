"""What leaves the release: duplicate articles (``--dedup drop``) and paragraph kinds (``--drop``).

Nothing is lost: a dropped article or paragraph becomes a reject record with
its reason, and a paragraph keeps its ID and text there.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from packager.assemble import PARAGRAPH_SEPARATOR, AssembledArticle
from packager.ingest.raw import Rejection, where
from packager.settings import BuildSettings


def apply_policy(item: AssembledArticle, settings: BuildSettings) -> AssembledArticle | Rejection:
    article = item.article
    source_path = article["source"]["path"]
    place = where(source_path, item.source_line)
    if settings.dedup == "drop" and article["duplicate_of"] is not None:
        return Rejection(
            "duplicate-article",
            f"{place}: duplicates article {article['duplicate_of']} (exact or near copy); "
            "kept out by --dedup drop",
            source_path,
            item.source_line,
            item.article_id,
        )
    if not settings.drop_kinds:
        return item
    drop = set(settings.drop_kinds)
    kept = [p for p in item.paragraphs if p["kind"] not in drop]
    dropped = [
        Rejection(
            f"dropped-{p['kind']}",
            f"{where(source_path, p['source']['line_start'])}: {p['kind']} paragraph "
            f"{p['paragraph_id']} left out by --drop {p['kind']}",
            source_path,
            p["source"]["line_start"],
            item.article_id,
            paragraph_id=p["paragraph_id"],
            text=p["text"],
        )
        for p in item.paragraphs
        if p["kind"] in drop
    ]
    if not kept:
        return Rejection(
            "no-body",
            f"{place}: every paragraph is {'/'.join(sorted(drop))}; nothing left after --drop",
            source_path,
            item.source_line,
            item.article_id,
        )
    _reflow(article, kept)
    return replace(item, paragraphs=kept, dropped=tuple(dropped))


def _reflow(article: dict[str, Any], paragraphs: list[dict[str, Any]]) -> None:
    """Renumber the kept paragraphs and recompute offsets and the article text."""
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        paragraph["index"] = index
        paragraph["char_start"] = offset
        paragraph["char_end"] = offset + paragraph["n_chars"]
        offset = paragraph["char_end"] + len(PARAGRAPH_SEPARATOR)
    article["text"] = PARAGRAPH_SEPARATOR.join(p["text"] for p in paragraphs)
    article["n_chars"] = len(article["text"])
    article["n_paragraphs"] = len(paragraphs)
