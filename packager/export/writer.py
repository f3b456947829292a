"""Write accepted records and rejects into a staging release folder as they stream by."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from packager.check.validator import RecordChecker
from packager.errors import PackagerError
from packager.export.arrow import arrow_schema
from packager.export.card import SplitStats
from packager.export.jsonl import JsonlWriter, dumps_line
from packager.export.parquet import SplitShardWriter
from packager.layout import ARTICLES_NAME, CONFIGS, DATA_FOLDER, PARAGRAPHS_NAME, REJECTS_NAME
from packager.settings import BuildSettings


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


class ReleaseWriter:
    """JSONL files for all records, Parquet shards per config and split, and the rejects."""

    def __init__(self, folder: Path, settings: BuildSettings, checker: RecordChecker) -> None:
        self.folder = folder
        self.checker = checker
        self.paragraphs_jsonl = JsonlWriter(folder / PARAGRAPHS_NAME)
        self.articles_jsonl = JsonlWriter(folder / ARTICLES_NAME)
        self.rejects_jsonl = JsonlWriter(folder / REJECTS_NAME)
        self.shards = {
            config: {
                split: SplitShardWriter(
                    folder / DATA_FOLDER / config,
                    split,
                    arrow_schema(kind),
                    settings.shard_max_bytes,
                    settings.row_group_rows,
                )
                for split in settings.splits
            }
            for config, kind in CONFIGS.items()
        }
        self.rejected: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.flags: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.licenses: set[str] = set()
        self.duplicates = 0
        self.sources: Counter[str] = Counter()  # publisher, else the top input folder
        self.dates: list[str] = []  # earliest and latest published_at seen

    def write_article(self, item: ArticleToWrite) -> None:
        article = item.article
        line = dumps_line(article)
        self.articles_jsonl.write_line(line)
        self.shards["articles"][article["split"]].add(article, len(line))
        paragraphs = item.paragraphs
        lines = [dumps_line(paragraph) for paragraph in paragraphs]
        self.paragraphs_jsonl.write_lines(lines)
        self.shards["paragraphs"][article["split"]].add_many(
            paragraphs, [len(line) for line in lines]
        )
        kinds = self.kinds
        for paragraph in paragraphs:
            kinds[paragraph["kind"]] += 1
            if paragraph["flags"]:
                self.flags.update({flag["code"] for flag in paragraph["flags"]})
        for rejection in item.dropped:
            self._write_reject_record(rejection)
            self.dropped[rejection.reason] += 1
        if article["language"]:
            self.languages[article["language"]] += 1
        if article["license"]:
            self.licenses.add(article["license"])
        if article["duplicate_of"] is not None:
            self.duplicates += 1
        self.sources[article["publisher"] or article["source"]["path"].split("/")[0]] += 1
        published = article["published_at"]
        if published:
            day = published[:10]
            self.dates = (
                [min(self.dates[0], day), max(self.dates[1], day)] if self.dates else [day, day]
            )

    def write_reject(self, rejection: Dropped) -> None:
        """An input unit that is not in the release."""
        self._write_reject_record(rejection)
        self.rejected[rejection.reason] += 1

    def _write_reject_record(self, rejection: Dropped) -> None:
        record = rejection.to_record()
        problems = self.checker.findings("reject", record)
        if problems:  # our own record is wrong: a bug, never a silent bad file
            raise PackagerError(f"internal error: invalid reject record {record}: {problems}")
        self.rejects_jsonl.write_line(dumps_line(record))

    def abort(self) -> None:
        """Close every open file after a failure, so none is left to the garbage collector."""
        for jsonl in (self.paragraphs_jsonl, self.articles_jsonl, self.rejects_jsonl):
            jsonl.abort()
        for by_split in self.shards.values():
            for shard_writer in by_split.values():
                shard_writer.abort()

    def close(self) -> dict[str, dict[str, SplitStats]]:
        """Finish every file; returns per config and split the examples and bytes."""
        for jsonl in (self.paragraphs_jsonl, self.articles_jsonl, self.rejects_jsonl):
            jsonl.close()
        stats: dict[str, dict[str, SplitStats]] = {}
        for config, by_split in self.shards.items():
            stats[config] = {}
            for split, shard_writer in by_split.items():
                paths = shard_writer.close()
                stats[config][split] = SplitStats(
                    shard_writer.num_examples,
                    shard_writer.num_bytes,
                    sum(path.stat().st_size for path in paths),
                )
        return stats
