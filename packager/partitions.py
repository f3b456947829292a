"""Corpus-wide bookkeeping in flat memory: rows on disk, a few bytes per article in memory.

A corpus of a million articles has tens of millions of paragraphs; a Python object
per paragraph (a tuple in a Counter, a string in a dict) costs tens of bytes each
and grows with the corpus. The structures here keep what grows on disk, in a
private folder of the build, and give it back in pieces that numpy sorts:

* :class:`PartitionedRows`: fixed-size rows (a numpy structured dtype with a
  ``key`` field, an 8-byte hash) appended to one of several files by the key's top
  bits, so every row with one key is in one partition and a partition, sorted,
  gives all of them together;
* :class:`RecordLog`: variable-length records (an ID, a place) appended to a file,
  read back by offset only when needed (a duplicate, an error message);
* :class:`KeyIndex`: 8-byte keys to integers (an offset, an article number), sorted
  numpy arrays plus a small dict of recent keys, 16 bytes per key;
* :class:`Column`: a growing numpy column (one value per article).
"""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path

import numpy as np

PARTITION_BITS = 6  # 64 partitions: a million articles' paragraph rows at ~12 MB each
_WRITE_BUFFER = 1 << 16  # per partition file: 4 MB for 64 of them


def key64(data: bytes) -> int:
    """A stable 8-byte hash of ``data`` as an unsigned integer (BLAKE2b)."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def text_key(text: str) -> int:
    return key64(text.encode("utf-8", "surrogatepass"))


class PartitionedRows:
    """Rows of ``dtype`` appended to ``2**bits`` files of ``folder``, by their key's top bits."""

    def __init__(self, folder: Path, name: str, dtype: np.dtype, bits: int = PARTITION_BITS):
        self.dtype = np.dtype(dtype)
        self.bits = bits
        self._paths = [folder / f"{name}-{part:03d}.rows" for part in range(1 << bits)]
        self._files = [path.open("wb", buffering=_WRITE_BUFFER) for path in self._paths]
        self.rows = 0

    @property
    def parts(self) -> int:
        return len(self._paths)

    def append(self, rows: np.ndarray) -> None:
        if not len(rows):
            return
        part = (rows["key"] >> np.uint64(64 - self.bits)).astype(np.intp)
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange(self.parts + 1))
        ordered = rows[order]
        for index in np.flatnonzero(np.diff(bounds)):
            self._files[index].write(ordered[bounds[index] : bounds[index + 1]].tobytes())
        self.rows += len(rows)

    def close(self) -> None:
        for handle in self._files:
            handle.close()

    def read(self, part: int) -> np.ndarray:
        """Partition ``part``'s rows, in the order they were appended (after :meth:`close`)."""
        return np.fromfile(self._paths[part], dtype=self.dtype)

    def remove(self) -> None:
        self.close()
        for path in self._paths:
            path.unlink(missing_ok=True)


class RecordLog:
    """Byte records appended to a file; each read back by the offset :meth:`append` gave."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("w+b")
        self._size = 0
        self._dirty = False

    def append(self, record: bytes) -> int:
        offset = self._size
        self._file.write(struct.pack("<I", len(record)))
        self._file.write(record)
        self._size += 4 + len(record)
        self._dirty = True
        return offset

    def read(self, offset: int) -> bytes:
        if self._dirty:
            self._file.flush()
            self._dirty = False
        fd = self._file.fileno()
        (length,) = struct.unpack("<I", os.pread(fd, 4, offset))
        return os.pread(fd, length, offset + 4)

    def close(self) -> None:
        self._file.close()

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


class Column:
    """A growing one-dimensional numpy array, filled in chunks."""

    def __init__(self, dtype: str, chunk: int = 1 << 16) -> None:
        self._chunk = chunk
        self._dtype = np.dtype(dtype)
        self._chunks: list[np.ndarray] = []
        self._current = np.empty(chunk, dtype=self._dtype)
        self._used = 0
        self.size = 0

    def append(self, value: int) -> None:
        if self._used == len(self._current):
            self._chunks.append(self._current)
            self._current = np.empty(len(self._current), dtype=self._dtype)
            self._used = 0
        self._current[self._used] = value
        self._used += 1
        self.size += 1

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self.size:
            raise IndexError(index)
        chunk, at = divmod(index, self._chunk)
        source = self._chunks[chunk] if chunk < len(self._chunks) else self._current
        return int(source[at])

    def array(self) -> np.ndarray:
        return np.concatenate([*self._chunks, self._current[: self._used]])


class KeyIndex:
    """8-byte keys to integers: sorted arrays, and a dict of the keys added since the last merge.

    One value per key (the first added); a second :meth:`add` of a key is refused.
    """

    MERGE = 1 << 16

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.uint64)
        self._values = np.empty(0, dtype=np.int64)
        self._recent: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._keys) + len(self._recent)

    def get(self, key: int) -> int | None:
        value = self._recent.get(key)
        if value is not None:
            return value
        keys = self._keys
        at = int(np.searchsorted(keys, np.uint64(key)))
        if at < len(keys) and int(keys[at]) == key:
            return int(self._values[at])
        return None

    def add(self, key: int, value: int) -> None:
        """Add a key that :meth:`get` does not know."""
        self._recent[key] = value
        if len(self._recent) >= self.MERGE:
            self._merge()

    def _merge(self) -> None:
        recent = np.fromiter(self._recent, dtype=np.uint64, count=len(self._recent))
        values = np.fromiter(self._recent.values(), dtype=np.int64, count=len(self._recent))
        keys = np.concatenate([self._keys, recent])
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._values = np.concatenate([self._values, values])[order]
        self._recent = {}
