"""The one step that needs every article before it: IDs must be unique across the release.

In flat memory: each accepted article leaves a record on disk (its ID, its place,
its paragraphs' indexes and IDs) and 16 bytes in memory (an 8-byte key of its ID
and the record's offset); each paragraph leaves a row on disk (an 8-byte key of
its ID and its article's record). A second article with a known ID is rejected as
it comes (the first one's place is read from its record); paragraph IDs are
checked once every article has passed, before anything is published, by sorting
the rows: only where two rows share a key are records read, to compare the IDs
themselves and name both places.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from packager.assemble import AssembledArticle
from packager.build.steps import Item
from packager.errors import IdCollisionError
from packager.ingest.raw import Rejection, where
from packager.partitions import KeyIndex, PartitionedRows, RecordLog, text_key

_SAME_KEY = {
    "id": "the same id",
    "url": "the same URL",
    "path": "the same path",
    "text": "the same text, and no id or URL",
}
"""What two articles with one ID share, by the kind of key (``identify.article_key``)."""

_ROW = np.dtype([("key", "<u8"), ("record", "<u8")])
_FLUSH_ROWS = 1 << 16


def _id_key(identifier: str) -> int:
    """An 8-byte key of an ID: its first 16 hex digits (packager's IDs), else a hash."""
    try:
        key = int(identifier[:16], 16)
    except ValueError:
        return text_key(identifier)
    return key if 0 <= key < 1 << 64 else text_key(identifier)


class _Ledger:
    """What :func:`unique_ids` keeps of the articles it has let through."""

    def __init__(self, folder: Path) -> None:
        self.records = RecordLog(folder / "articles.bin")
        self.paragraphs = PartitionedRows(folder, "paragraph-ids", _ROW)
        self._articles = KeyIndex()
        self._articles_again: dict[str, int] = {}  # IDs whose key an earlier, other ID has
        self._pending_keys: list[np.ndarray] = []  # each article's paragraph keys
        self._pending_records: list[int] = []  # each article's record
        self._pending_rows = 0

    def record(self, offset: int) -> tuple[str, str, list[tuple[int, str]]]:
        """(article ID, place, [(paragraph index, paragraph ID)]) of a record."""
        article_id, place, paragraphs = pickle.loads(self.records.read(offset))
        return article_id, place, paragraphs

    def first_place(self, article_id: str) -> str | None:
        """Where an article with ``article_id`` was let through, if one was."""
        offset = self._articles.get(_id_key(article_id))
        if offset is None:
            return None
        known, place, _ = self.record(offset)
        if known == article_id:
            return place
        again = self._articles_again.get(article_id)
        return None if again is None else self.record(again)[1]

    def add(self, entry: IdEntry) -> None:
        offset = self.records.append(entry.record)
        key = _id_key(entry.article_id)
        if self._articles.get(key) is None:
            self._articles.add(key, offset)
        else:
            self._articles_again[entry.article_id] = offset
        keys = np.frombuffer(entry.paragraph_keys, dtype=np.uint64)
        self._pending_keys.append(keys)
        self._pending_records.append(offset)
        self._pending_rows += len(keys)
        if self._pending_rows >= _FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        rows = np.empty(self._pending_rows, dtype=_ROW)
        if self._pending_keys:
            rows["key"] = np.concatenate(self._pending_keys)
            counts = [len(keys) for keys in self._pending_keys]
            rows["record"] = np.repeat(np.array(self._pending_records, dtype=np.uint64), counts)
        self.paragraphs.append(rows)
        self._pending_keys.clear()
        self._pending_records.clear()
        self._pending_rows = 0

    def first_collision(self) -> IdCollisionError | None:
        """The paragraph ID collision the stream met first, if any (all rows written)."""
        self.flush()
        self.paragraphs.close()
        found: tuple[tuple[int, int], str, str, str] | None = None
        for part in range(self.paragraphs.parts):
            rows = self.paragraphs.read(part)
            keys = np.sort(rows["key"])
            repeated = np.unique(keys[1:][keys[1:] == keys[:-1]])
            for key in repeated.tolist():
                records = np.unique(rows["record"][rows["key"] == key]).tolist()
                clash = self._clash(key, records)
                if clash is not None and (found is None or clash[0] < found[0]):
                    found = clash
        if found is None:
            return None
        _, paragraph_id, other, here = found
        return IdCollisionError(
            f"paragraph ID {paragraph_id} is shared by {other} and {here}; "
            "report this: it is a hash collision packager cannot resolve"
        )

    def _clash(self, key: int, records: list[int]) -> tuple[tuple[int, int], str, str, str] | None:
        """Of the paragraphs with ``key`` (in these records), the first whose ID was
        already used at another place: (its position, ID, first place, its place)."""
        first_seen: dict[str, str] = {}
        for offset in records:  # offsets grow in stream order
            _, place, paragraphs = self.record(offset)
            for position, (index, paragraph_id) in enumerate(paragraphs):
                if _id_key(paragraph_id) != key:
                    continue
                here = f"{place} paragraph {index}"
                other = first_seen.setdefault(paragraph_id, here)
                if other != here:
                    return (offset, position), paragraph_id, other, here
        return None

    def remove(self) -> None:
        self.records.remove()
        self.paragraphs.remove()


@dataclass(frozen=True, slots=True)
class IdEntry:
    """What the check needs of one article, made where the article was processed: its
    ID, its place, and its record and paragraph keys as the ledger stores them."""

    article_id: str
    key_kind: str
    source_path: str
    source_line: int
    record: bytes  # (article ID, place, [(paragraph index, paragraph ID)]), pickled
    paragraph_keys: bytes  # each paragraph ID's 8-byte key, as uint64 in native order

    @classmethod
    def of(cls, item: AssembledArticle) -> IdEntry:
        source_path = item.article["source"]["path"]
        place = where(source_path, item.source_line)
        paragraphs = [(p["index"], p["paragraph_id"]) for p in item.paragraphs]
        keys = np.fromiter((_id_key(pid) for _, pid in paragraphs), np.uint64, len(paragraphs))
        record = pickle.dumps((item.article_id, place, paragraphs), pickle.HIGHEST_PROTOCOL)
        return cls(
            item.article_id, item.key_kind, source_path, item.source_line, record, keys.tobytes()
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # a frozen slots dataclass unpickles through a setattr per field; a constructor
        # call is cheaper, and the build process unpickles one of these per article
        return (IdEntry, tuple(getattr(self, name) for name in self.__slots__))


class UniqueIds:
    """Articles told one by one (:meth:`check`), then :meth:`finish` once all have been."""

    def __init__(self, folder: Path | None = None) -> None:
        self._scratch = Path(tempfile.mkdtemp(prefix="unique-ids-", dir=folder))
        self._ledger = _Ledger(self._scratch)

    def check(self, entry: IdEntry) -> Rejection | None:
        """None when the article may go in (it is then known), else why it may not."""
        first = self._ledger.first_place(entry.article_id)
        if first is None:
            self._ledger.add(entry)
            return None
        place = where(entry.source_path, entry.source_line)
        return Rejection(
            "duplicate-id",
            f"{place}: article ID {entry.article_id} is already used by {first} "
            f"({_SAME_KEY[entry.key_kind]}); give each article its own id, or remove "
            "the copy",
            entry.source_path,
            entry.source_line,
            entry.article_id,
        )

    def finish(self) -> None:
        """Raise the first paragraph ID collision, if any (every article told)."""
        collision = self._ledger.first_collision()
        if collision is not None:
            raise collision

    def remove(self) -> None:
        """Remove the scratch files (after :meth:`finish`, or after a failure)."""
        self._ledger.remove()
        shutil.rmtree(self._scratch, ignore_errors=True)


def unique_ids(items: Iterable[Item], folder: Path | None = None) -> Iterator[Item]:
    """Reject a second article with an ID already used; stop on a paragraph ID collision.

    A collision is found once every item has been given out (before the caller can
    publish them). ``folder`` holds the scratch files (a temporary folder when None).
    """
    check = UniqueIds(folder)
    try:
        for item in items:
            refused = None if isinstance(item, Rejection) else check.check(IdEntry.of(item))
            yield item if refused is None else refused
        check.finish()
    finally:  # a failed or abandoned build closes its files too
        check.remove()
