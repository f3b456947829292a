"""JSON Lines output: one record per line, UTF-8, keys in schema order."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO

import orjson


def dumps_line(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record) + b"\n"


class JsonlWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._stream: BinaryIO = path.open("wb")
        self.records = 0

    def write_line(self, line: bytes) -> None:
        self._stream.write(line)
        self.records += 1

    def write_lines(self, lines: list[bytes]) -> None:
        """Several lines (each ending in a line break) in one write."""
        self._stream.write(b"".join(lines))
        self.records += len(lines)

    def write_lines_joined(self, lines: bytes, count: int) -> None:
        """``count`` lines already joined into one string of bytes."""
        self._stream.write(lines)
        self.records += count

    def close(self) -> None:
        self._stream.close()

    def abort(self) -> None:
        """Close after a failure (a full disk may refuse the last flush); never raises."""
        with suppress(OSError):
            self._stream.close()
