"""Rows given as Arrow tables (cut by their sizes) make the same shards as rows given one by one.

``_DictShardWriter`` is the writer as it was before rows crossed as Arrow (Python
dicts, made into Arrow in chunks of 1,024): the reference the table path must match,
byte for byte, with its row groups, shard boundaries and ``num_bytes``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from packager.export.arrow import arrow_schema
from packager.export.jsonl import dumps_line
from packager.export.parquet import SplitShardWriter
from packager.layout import shard_name

from ..conftest import EXAMPLE_RELEASE


class _DictShardWriter:
    """The reference: one record at a time, as dicts (the writer before rows were Arrow)."""

    def __init__(self, folder: Path, split: str, schema: pa.Schema, max_bytes: int, rows: int):
        self.folder, self.split, self.schema = folder, split, schema
        self.shard_max_bytes, self.row_group_rows = max_bytes, rows
        self.num_examples = self.num_bytes = 0
        self._rows: list[dict[str, Any]] = []
        self._chunks: list[pa.Table] = []
        self._buffered = 0
        self._shard_paths: list[Path] = []
        self._writer: pq.ParquetWriter | None = None
        self._shard_bytes = 0

    def add(self, record: dict[str, Any], size: int) -> None:
        if self._writer is not None and self._shard_bytes + size > self.shard_max_bytes:
            self._flush()
            self._close_shard()
        self._rows.append(record)
        self._buffered += 1
        if len(self._rows) >= 1_024:
            self._chunks.append(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []
        self._shard_bytes += size
        self.num_examples += 1
        if self._buffered >= self.row_group_rows:
            self._flush()

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
        table = pa.concat_tables(self._chunks).combine_chunks()
        self.num_bytes += table.nbytes
        self._writer.write_table(table, row_group_size=self.row_group_rows)
        self._rows, self._chunks, self._buffered = [], [], 0

    def _close_shard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            self._shard_bytes = 0

    def close(self) -> list[Path]:
        self._flush()
        self._close_shard()
        final = []
        for number, path in enumerate(self._shard_paths):
            target = self.folder / shard_name(self.split, number, len(self._shard_paths))
            path.rename(target)
            final.append(target)
        return final


def _records(kind: str) -> list[dict[str, Any]]:
    name = "articles.jsonl" if kind == "article" else "paragraphs.jsonl"
    lines = (EXAMPLE_RELEASE / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _files(paths: list[Path]) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in paths]


@pytest.mark.parametrize("kind", ["article", "paragraph"])
@pytest.mark.parametrize(("max_bytes", "group_rows"), [(1 << 30, 10_000), (4_000, 7), (1_500, 3)])
def test_tables_cut_by_size_give_the_bytes_of_rows_one_by_one(
    tmp_path, kind, max_bytes, group_rows
):
    schema = arrow_schema(kind)
    chance = random.Random(f"{kind}{max_bytes}{group_rows}")
    records = _records(kind)
    records = records * (1 + 1_100 // len(records))  # past one 1,024-row chunk of the reference
    old = _DictShardWriter(tmp_path / "old", "train", schema, max_bytes, group_rows)
    new = SplitShardWriter(tmp_path / "new", "train", schema, max_bytes, group_rows)
    start = 0
    while start < len(records):  # batches of random length, as articles arrive
        batch = records[start : start + chance.randint(1, 60)]
        sizes = [len(dumps_line(record)) for record in batch]
        for record, size in zip(batch, sizes, strict=True):
            old.add(record, size)
        new.add_table(pa.Table.from_pylist(batch, schema=schema), sizes)
        start += len(batch)
    assert _files(new.close()) == _files(old.close())
    assert (new.num_examples, new.num_bytes) == (old.num_examples, old.num_bytes)


def test_a_slice_of_a_table_counts_its_own_bytes(tmp_path):
    schema = arrow_schema("paragraph")
    records = _records("paragraph")
    sizes = [len(dumps_line(record)) for record in records]
    old = _DictShardWriter(tmp_path / "old", "train", schema, 1 << 30, 10_000)
    new = SplitShardWriter(tmp_path / "new", "train", schema, 1 << 30, 10_000)
    for record, size in zip(records[3:5], sizes[3:5], strict=True):
        old.add(record, size)
    new.add_table(pa.Table.from_pylist(records, schema=schema).slice(3, 2), sizes[3:5])
    assert _files(new.close()) == _files(old.close())
    assert new.num_bytes == old.num_bytes
