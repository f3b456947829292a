"""A published release, opened for reading: ``packager.open_release(path)``.

::

    release = packager.open_release("dist/city-news/1.0.0")
    release.manifest.counts.accepted          # the pydantic Manifest
    for paragraph in release.paragraphs(split="train"):
        paragraph["text"]                     # dicts, as in paragraphs.jsonl
    table = release.paragraphs_table()        # a pyarrow.Table of every split
    release.verify().valid                    # packager verify
    dataset = release.load()                  # datasets.DatasetDict

Records are plain dicts, exactly the lines of ``paragraphs.jsonl`` and
``articles.jsonl`` (the shape of the JSON Schemas; ``ParagraphRecord.model_validate``
turns one into the pydantic model). Tables are read from the Parquet shards the
Hugging Face loader reads. Nothing is read until it is asked for, and nothing is
ever written: a published release is immutable.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import orjson

from packager._types import StrPath
from packager.errors import ConfigError
from packager.layout import DATA_FOLDER, MANIFEST_NAME
from packager.models import Manifest

if TYPE_CHECKING:
    import datasets
    import pyarrow as pa

    from packager.releases.verify import VerifyReport

Config = Literal["paragraphs", "articles"]
_RECORD_KIND = {"paragraphs": "paragraph", "articles": "article"}


class PublishedRelease:
    """A release folder ``OUT/NAME/VERSION`` as ``packager build`` published it."""

    def __init__(self, path: StrPath) -> None:
        self.path = Path(path)
        manifest_path = self.path / MANIFEST_NAME
        if not manifest_path.is_file():
            raise ConfigError(f"{self.path} has no {MANIFEST_NAME}: not a packager release")
        try:
            self.manifest: Manifest = Manifest.model_validate_json(manifest_path.read_bytes())
        except ValueError as exc:
            raise ConfigError(f"{manifest_path} is not a valid manifest: {exc}") from None

    def __repr__(self) -> str:
        return f"<PublishedRelease {self.name} {self.version} at {self.path}>"

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def splits(self) -> list[str]:
        """The release's splits, in assignment order (``train``, ``validation``, ``test``)."""
        return list(self.manifest.settings.splits)

    def paragraphs(self, split: str | None = None) -> Iterator[dict[str, Any]]:
        """Every paragraph record (a dict), in the release's order; only ``split``'s if given."""
        return self._records("paragraphs", split)

    def articles(self, split: str | None = None) -> Iterator[dict[str, Any]]:
        """Every article record (a dict), in the release's order; only ``split``'s if given."""
        return self._records("articles", split)

    def paragraphs_table(self, split: str | None = None) -> pa.Table:
        """The paragraphs as one ``pyarrow.Table``: every split in order, or ``split``'s."""
        return self._table("paragraphs", split)

    def articles_table(self, split: str | None = None) -> pa.Table:
        """The articles as one ``pyarrow.Table``: every split in order, or ``split``'s."""
        return self._table("articles", split)

    def verify(self, *, load: bool = True) -> VerifyReport:
        """``packager verify``: files against the manifest, schemas, invariants, loading."""
        from packager.releases.verify import verify_release

        return verify_release(self.path, load=load)

    def load(self, config: Config = "paragraphs", **kwargs: Any) -> datasets.DatasetDict:
        """``datasets.load_dataset`` of one config (``paragraphs`` or ``articles``).

        Keyword arguments go to ``load_dataset`` (``cache_dir=...``, ``split=...``).
        """
        import datasets

        self._config(config)
        return datasets.load_dataset(str(self.path), config, **kwargs)

    def _config(self, config: str) -> str:
        if config not in _RECORD_KIND:
            raise ConfigError(f"unknown config {config!r}; choose paragraphs or articles")
        return config

    def _split(self, split: str | None) -> list[str]:
        if split is None:
            return self.splits
        if split not in self.splits:
            raise ConfigError(
                f"{self.name} {self.version} has no split {split!r}; "
                f"its splits are {', '.join(self.splits)}"
            )
        return [split]

    def _records(self, config: str, split: str | None) -> Iterator[dict[str, Any]]:
        wanted = set(self._split(split))
        path = self.path / f"{self._config(config)}.jsonl"

        def read() -> Iterator[dict[str, Any]]:
            with path.open("rb") as lines:
                for line in lines:
                    if line.strip():
                        record = orjson.loads(line)
                        if record["split"] in wanted:
                            yield record

        return read()

    def _table(self, config: str, split: str | None) -> pa.Table:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from packager.export.arrow import arrow_schema

        folder = self.path / DATA_FOLDER / self._config(config)
        shards = [
            shard
            for name in self._split(split)
            for shard in sorted(folder.glob(f"{name}-*.parquet"))
        ]
        schema = arrow_schema(_RECORD_KIND[config])
        return pa.concat_tables(
            [pq.read_table(shard, schema=schema) for shard in shards] or [schema.empty_table()]
        )


def open_release(path: StrPath) -> PublishedRelease:
    """Open the published release at ``path`` (``OUT/NAME/VERSION``) for reading.

    Raises :class:`~packager.errors.ConfigError` when ``path`` holds no valid
    ``manifest.json``.
    """
    return PublishedRelease(path)
