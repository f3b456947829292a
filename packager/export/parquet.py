"""Parquet shards for one split of one config, written in row groups as records stream by.

Shard boundaries depend only on the records (their JSONL size), never on
timing, so the same records always give the same files. Shards are named
``{split}-00000-of-0000N.parquet`` once N is known, the layout the Hugging Face
Hub uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from packager.layout import shard_name


def _contiguous(chunks: list[pa.Table], schema: pa.Schema) -> pa.Table:
    """The chunks as one table with one chunk per column, in fresh buffers, each array
    with a validity bitmap only where it has a null (as one ``from_pylist`` makes it)."""
    columns = [
        _bitmaps_where_null(
            pa.concat_arrays([chunk.column(index).combine_chunks() for chunk in chunks])
        )
        for index in range(len(schema))
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def _bitmaps_where_null(array: pa.Array) -> pa.Array:
    """``array`` without the validity bitmaps that mark no null, at every depth.

    Concatenating slices may keep a bitmap of all ones (a struct's child whose
    table had nulls elsewhere); it writes the same Parquet but counts in ``nbytes``,
    which the card and ``datasets`` compare, so it is dropped.
    """
    kind = array.type
    if pa.types.is_struct(kind):
        children = [_bitmaps_where_null(array.field(index)) for index in range(kind.num_fields)]
    elif pa.types.is_list(kind):
        children = [_bitmaps_where_null(array.values)]
    else:
        children = []
    own = array.buffers()[: kind.num_buffers]
    if array.null_count == 0:
        own[0] = None
    return pa.Array.from_buffers(
        kind, len(array), own, array.null_count, array.offset, children=children or None
    )


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
        self._chunks: list[pa.Table] = []  # this row group's rows so far, as Arrow
        self._buffered = 0  # rows of this row group, in chunks
        self._shard_paths: list[Path] = []
        self._writer: pq.ParquetWriter | None = None
        self._shard_bytes = 0

    def add(self, record: dict[str, Any], size: int) -> None:
        """Add one record; ``size`` is its JSONL length, the measure of a shard's size."""
        self.add_many([record], [size])

    def add_many(self, records: list[dict[str, Any]], sizes: Sequence[int]) -> None:
        """:meth:`add` for each record, ``sizes`` their JSONL lengths."""
        self.add_table(pa.Table.from_pylist(records, schema=self.schema), sizes)

    def add_table(self, rows: pa.Table, sizes: Sequence[int]) -> None:
        """Each row of ``rows`` in turn (``sizes``: their JSONL lengths), as :meth:`add` would.

        Rows built elsewhere (a worker) cross as Arrow and are cut here, without a
        Python object per row: only the sizes are looked at one by one.
        """
        start = 0
        for row, size in enumerate(sizes):
            if self._writer is not None and self._shard_bytes + size > self.shard_max_bytes:
                self._take(rows, start, row)
                start = row
                self._flush()
                self._close_shard()
            self._shard_bytes += size
            self._buffered += 1
            if self._buffered >= self.row_group_rows:
                self._take(rows, start, row + 1)
                start = row + 1
                self._flush()
        self._take(rows, start, len(sizes))
        self.num_examples += len(sizes)

    def _take(self, rows: pa.Table, start: int, stop: int) -> None:
        if stop > start:
            self._chunks.append(rows.slice(start, stop - start))

    def _flush(self) -> None:
        if not self._buffered:
            return
        if self._writer is None:
            path = self.folder / f".{self.split}-{len(self._shard_paths):05d}.partial"
            self.folder.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(path, self.schema, compression="zstd")
            self._shard_paths.append(path)
        # One contiguous table, as if built from all the rows at once: the same row
        # groups, pages and byte counts whatever the chunking (concatenated even when
        # there is one chunk, so that a slice's count is of its rows alone).
        table = _contiguous(self._chunks, self.schema)
        self.num_bytes += table.nbytes
        self._writer.write_table(table, row_group_size=self.row_group_rows)
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
