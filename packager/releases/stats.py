"""``packager inspect``: what a release holds, counted from its records (not its manifest)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packager._types import StrPath
from packager.errors import ConfigError
from packager.layout import ARTICLES_NAME, PARAGRAPHS_NAME, REJECTS_NAME
from packager.releases.records import read_records


@dataclass
class ReleaseStats:
    """A release's counts: per split, kind, flag, language, duplicates and reject reason."""

    path: str
    articles: int = 0
    paragraphs: int = 0
    splits: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    kinds_by_split: dict[str, Counter[str]] = field(default_factory=dict)
    languages: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    dup_groups: int = 0
    rejects: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dicts (``dataclasses.asdict`` would mangle the Counters)."""
        data: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "kinds_by_split":
                value = {split: dict(counts) for split, counts in sorted(value.items())}
            elif isinstance(value, Counter):
                value = dict(sorted(value.items()))
            data[name] = value
        return data


def release_stats(release: StrPath) -> ReleaseStats:
    """Counts per split, kind, flag, language, duplicates and reject reason."""
    release = Path(release)
    if not (release / PARAGRAPHS_NAME).exists():
        raise ConfigError(f"{release} is not a release folder (no paragraphs.jsonl)")
    stats = ReleaseStats(str(release))
    for paragraph in read_records(release / PARAGRAPHS_NAME):
        stats.paragraphs += 1
        stats.splits[paragraph["split"]] += 1
        kind = paragraph.get("kind", "body")
        stats.kinds[kind] += 1
        stats.kinds_by_split.setdefault(paragraph["split"], Counter())[kind] += 1
        stats.flags.update({flag["code"] for flag in paragraph.get("flags", ())})
    groups: Counter[str] = Counter()
    for article in read_records(release / ARTICLES_NAME):
        stats.articles += 1
        stats.languages[article.get("language") or "unknown"] += 1
        if article.get("duplicate_of"):
            stats.duplicates += 1
            groups[article["dup_group"]] += 1
    stats.dup_groups = len(groups)
    rejects = release / REJECTS_NAME
    if rejects.exists():
        stats.rejects.update(record["reason"] for record in read_records(rejects))
    return stats
