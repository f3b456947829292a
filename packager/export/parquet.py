"""Parquet shards for one split of one config, written in row groups as records stream by.

Shard boundaries depend only on the records (their JSONL size), never on
timing, so the same records always give the same files. Shards are named
``{split}-00000-of-0000N.parquet`` once N is known, the layout the Hugging Face
Hub uses.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from packager.layout import shard_name

_CHUNK_ROWS = 1_024
"""Rows kept as Python dicts before they become Arrow: a row group of 10,000 articles
as dicts would hold hundreds of MB; as Arrow columns it holds about its text."""


class SplitShardWriter:
    def __init__(
        self, folder: Path, split: str, schema: pa.Schema, shard_max_bytes: int, row_group_rows: int
    ) -> None:
        self.folder = folder
        self.split = split
        self.schema = schema
        self.shard_max_bytes = shard_max_bytes
        self.row_group_rows = row_group_rows
        self.num_examples = 0
        self.num_bytes = 0  # Arrow bytes in memory, what Hugging Face's num_bytes counts
        self._rows: list[dict[str, Any]] = []  # the newest rows, not yet in a chunk
        self._chunks: list[pa.Table] = []  # older rows of this row group, as Arrow
        self._buffered = 0  # rows of this row group: in chunks and in _rows
        self._shard_paths: list[Path] = []
        self._writer: pq.ParquetWriter | None = None
        self._shard_bytes = 0

    def add(self, record: dict[str, Any], size: int) -> None:
        """Add one record; ``size`` is its JSONL length, the measure of a shard's size."""
        if self._writer is not None and self._shard_bytes + size > self.shard_max_bytes:
            self._flush()
            self._close_shard()
        self._buffer(record)
        self._shard_bytes += size
        self.num_examples += 1
        if self._buffered >= self.row_group_rows:
            self._flush()

    def add_many(self, records: list[dict[str, Any]], lines: list[bytes]) -> None:
        """:meth:`add` for each record, ``lines`` their JSONL lines (only their lengths count)."""
        for record, line in zip(records, lines, strict=True):
            self.add(record, len(line))

    def _buffer(self, record: dict[str, Any]) -> None:
        self._rows.append(record)
        self._buffered += 1
        if len(self._rows) >= _CHUNK_ROWS:
            self._chunks.append(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def _flush(self) -> None:
        if not self._buffered:
            return
        if self._writer is None:
            path = self.folder / f".{self.split}-{len(self._shard_paths):05d}.partial"
            self.folder.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(path, self.schema, compression="zstd")
            self._shard_paths.append(path)
        if self._rows:
            self._chunks.append(pa.Table.from_pylist(self._rows, schema=self.schema))
        # One contiguous table, as if built from all the rows at once: the same row
        # groups, pages and byte counts whatever the chunking.
        table = pa.concat_tables(self._chunks).combine_chunks()
        self.num_bytes += table.nbytes
        self._writer.write_table(table, row_group_size=self.row_group_rows)
        self._rows = []
        self._chunks = []
        self._buffered = 0

    def _close_shard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            self._shard_bytes = 0

    def abort(self) -> None:
        """Close the open shard after a failure; never raises (the folder is discarded)."""
        if self._writer is not None:
            with suppress(OSError):
                self._writer.close()
            self._writer = None

    def close(self) -> list[Path]:
        """Finish the last shard and give every shard its final name; returns them in order."""
        self._flush()
        self._close_shard()
        total = len(self._shard_paths)
        final = []
        for number, path in enumerate(self._shard_paths):
            target = self.folder / shard_name(self.split, number, total)
            path.rename(target)
            final.append(target)
        return final
