"""The annotation folder: what it holds, how it is read, and how an import replaces it whole.

``annotations import`` writes ``annotations.jsonl``, ``annotations.parquet`` and
``annotation-rejects.jsonl`` into one folder. A second import into the same
folder *adds* to it: the new folder is staged beside the old one (the tables
already there, plus the new annotations) and published by rename, so a killed
import leaves the old folder or the new one, never a mix. Files packager did not
write there (the export ``pull`` saves, a user's notes) are hard-linked into the
staged folder, so they survive the swap.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from packager.errors import ConfigError
from packager.export.arrow import arrow_schema
from packager.publish.files import OutputFile
from packager.publish.folder import keep_others, staged_output

TABLE = "annotations.jsonl"
PARQUET = "annotations.parquet"
REJECTS = "annotation-rejects.jsonl"
WRITTEN = (TABLE, PARQUET, REJECTS)


def write_table(out: Path, records: list[dict[str, Any]]) -> None:
    """The annotations as ``annotations.jsonl`` and ``annotations.parquet`` in ``out``."""
    with OutputFile(out / TABLE) as stream:
        for record in records:
            stream.write(orjson.dumps(record) + b"\n")
    table = pa.Table.from_pylist(records, schema=arrow_schema("annotation"))
    with OutputFile(out / PARQUET) as stream:
        pq.write_table(table, stream, compression="zstd")


def table_path(annotations: Path, command: str) -> Path:
    """The ``annotations.jsonl`` a command reads: the file given, or the one in the folder."""
    path = annotations / TABLE if annotations.is_dir() else annotations
    if path.suffix == ".parquet":
        raise ConfigError(
            f"{path} is Parquet; packager {command} reads the JSON Lines table: pass "
            f"{path.with_name(TABLE)} or the folder {path.parent} that holds it"
        )
    if not path.is_file():
        raise ConfigError(f"{path} does not exist; run packager annotations import first")
    return path


def annotation_rows(annotations: Path, command: str) -> Iterator[dict[str, Any]]:
    """The records of an annotations table; a line that is not one is an error naming it."""
    path = table_path(annotations, command)
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                record = None
            if not isinstance(record, dict) or "paragraph_id" not in record:
                raise ConfigError(
                    f"{path}:{number}: not an annotation record; packager {command} reads the "
                    f"{TABLE} that packager annotations import writes"
                )
            yield record


def existing_records(out: Path) -> list[dict[str, Any]]:
    """The annotations an earlier import left in ``out`` (none when it holds no table).

    A link in place of the table is not a table packager wrote: it is replaced, never read.
    """
    path = out / TABLE
    if path.is_symlink() or not path.is_file():
        return []
    return list(annotation_rows(path, "annotations import"))


def existing_rejects(out: Path) -> list[bytes]:
    """The reject lines an earlier import left in ``out``, kept as they are."""
    path = out / REJECTS
    if path.is_symlink() or not path.is_file() or not (out / TABLE).is_file():
        return []
    return [line for line in path.read_bytes().splitlines(keepends=True) if line.strip()]


@contextmanager
def staged_folder(out: Path) -> Iterator[Path]:
    """A staging folder for ``out``, published over it by rename when the block succeeds
    (:func:`packager.publish.folder.staged_output`); files packager did not write there are
    carried over. One command per folder at a time; ``out`` may be a link the user
    chose, in which case the folder it points to is replaced."""
    with staged_output(out, seed=keep_others(WRITTEN)) as staging:
        yield staging
