"""Write accepted records and rejects into a staging release folder as they stream by."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from packager.check.validator import RecordChecker
from packager.export.arrow import arrow_schema
from packager.export.card import SplitStats
from packager.export.jsonl import JsonlWriter
from packager.export.parquet import SplitShardWriter
from packager.export.rendered import Dropped, RenderedArticle, RenderedBatch, reject_line
from packager.layout import ARTICLES_NAME, CONFIGS, DATA_FOLDER, PARAGRAPHS_NAME, REJECTS_NAME
from packager.settings import BuildSettings


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

    def write_rendered(self, article: RenderedArticle) -> None:
        """An accepted article's JSONL lines and counts; its Parquet rows go by :meth:`add_rows`."""
        self.articles_jsonl.write_line(article.article_line)
        self.paragraphs_jsonl.write_lines_joined(
            article.paragraph_lines, len(article.paragraph_sizes)
        )
        self.kinds.update(article.kinds)
        if article.flags:
            self.flags.update(article.flags)
        for reason, line in article.dropped:
            self.rejects_jsonl.write_line(line)
            self.dropped[reason] += 1
        if article.language:
            self.languages[article.language] += 1
        if article.license:
            self.licenses.add(article.license)
        if article.duplicate:
            self.duplicates += 1
        self.sources[article.source] += 1
        day = article.published_day
        if day:
            self.dates = (
                [min(self.dates[0], day), max(self.dates[1], day)] if self.dates else [day, day]
            )

    def add_rows(self, batch: RenderedBatch, accepted: Sequence[int]) -> None:
        """The Parquet rows of the batch's articles at the positions ``accepted``, in order."""
        everyone = len(accepted) == len(batch.articles)
        keep = set(accepted)
        for split in dict.fromkeys(article.split for article in batch.articles):
            mine = [n for n, article in enumerate(batch.articles) if article.split == split]
            kept = mine if everyone else [n for n in mine if n in keep]
            self._add_split_rows(batch, split, mine, kept)

    def _add_split_rows(
        self, batch: RenderedBatch, split: str, mine: list[int], kept: list[int]
    ) -> None:
        """Rows of one split: ``mine`` the split's articles, ``kept`` those accepted."""
        articles = batch.rows["articles"][split]
        paragraphs = batch.rows["paragraphs"][split]
        sizes = [batch.articles[n].paragraph_sizes for n in mine]
        article_sizes = [len(batch.articles[n].article_line) for n in kept]
        if len(kept) < len(mine):  # an article refused for its ID: its rows are left out
            keep = set(kept)
            rows: list[int] = []
            paragraph_rows: list[int] = []
            start = 0
            for row, (n, own) in enumerate(zip(mine, sizes, strict=True)):
                if n in keep:
                    rows.append(row)
                    paragraph_rows.extend(range(start, start + len(own)))
                start += len(own)
            articles = articles.take(rows)
            paragraphs = paragraphs.take(paragraph_rows)
            sizes = [own for n, own in zip(mine, sizes, strict=True) if n in keep]
        self.shards["articles"][split].add_table(articles, article_sizes)
        self.shards["paragraphs"][split].add_table(
            paragraphs, [size for own in sizes for size in own]
        )

    def write_reject(self, rejection: Dropped) -> None:
        """An input unit that is not in the release."""
        self._write_reject_record(rejection)
        self.rejected[rejection.reason] += 1

    def _write_reject_record(self, rejection: Dropped) -> None:
        self.rejects_jsonl.write_line(reject_line(rejection.to_record(), self.checker))

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
