"""The records of a release's JSONL files, read one line at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from packager.errors import ConfigError


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a release's JSONL file; a broken one is an error naming its line."""
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise ConfigError(
                    f"{path}:{number}: not valid JSON ({exc}); run packager verify on the release"
                ) from None
            if not isinstance(record, dict):
                raise ConfigError(
                    f"{path}:{number}: not a JSON object; run packager verify on the release"
                )
            yield record
