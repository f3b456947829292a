"""The first pass: corpus evidence that no single article can give.

It counts, for each publisher and each source folder, how many articles
contain each normalised paragraph (memory grows with the number of distinct
paragraphs, not with the corpus text: a paragraph is an 8-byte hash), and it
groups exact and near-duplicate articles. For template text it also counts how
many of those articles copy an article read before them: a paragraph of a story
syndicated three times is in one story, not in three.
"""

from __future__ import annotations

import hashlib
import posixpath
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from packager.identify import id_text
from packager.partitions import Column, KeyIndex, PartitionedRows, RecordLog, text_key
from packager.quality.dedup import article_signature
from packager.quality.evidence import ArticleCounts, TemplateCount
from packager.quality.neardup import NearDuplicates

_KEYS: dict[str, bytes] = {}
_KEYS_ENTRIES = 4096
_KEYS_LONGEST = 1024  # code points: the memo holds its texts


def paragraph_key(text: str) -> bytes:
    """The 8-byte survey key of a paragraph: a hash of its ID text.

    Remembered for the last few thousand paragraphs, as :func:`id_text` is: the
    second pass asks for the same paragraph's key more than once."""
    key = _KEYS.get(text)
    if key is None:
        key = hashlib.blake2b(
            id_text(text).encode("utf-8", "surrogatepass"), digest_size=8
        ).digest()
        if len(text) <= _KEYS_LONGEST:
            if len(_KEYS) >= _KEYS_ENTRIES:
                _KEYS.clear()
            _KEYS[text] = key
    return key


def paragraph_keys(texts: list[str]) -> np.ndarray:
    """The survey keys of an article's paragraphs, in order, as one uint64 array.

    An 8-byte key read as a little-endian integer, as the survey stores it."""
    joined = b"".join([paragraph_key(text) for text in texts])
    return np.frombuffer(joined, dtype="<u8").astype(np.uint64, copy=False)


def evidence_groups(publisher: object, source_path: str) -> tuple[str, ...]:
    """The groups whose repeats count as evidence: the publisher and the source folder."""
    groups = [f"folder:{posixpath.dirname(source_path)}"]
    if isinstance(publisher, str) and publisher.strip():
        groups.append(f"publisher:{publisher.strip().casefold()}")
    return tuple(groups)


@dataclass
class CorpusSurvey:
    """Paragraph repeats per group and the duplicate groups of a corpus.

    The repeats are sorted numpy arrays (shared, not copied, by forked workers): for
    each paragraph key found in two or more articles of some group, one entry per
    group that has it, with the articles of that group containing it and how many of
    those copy an earlier article. A paragraph in at most one article of every group
    has no entry and reads as in none: the evidence needs two (``repeat_min_articles``
    and ``template_min_articles`` are at least 2, and ``template_count`` is asked only
    of paragraphs repeated in some group, which then has all its entries).
    """

    group_ids: dict[str, int] = field(default_factory=dict)
    keys: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    key_groups: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint32))
    articles: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint32))
    # of ``articles``, those that copy an earlier one (a syndicated story counts once)
    in_copies: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint32))
    duplicate_of: dict[str, str] = field(default_factory=dict)
    # articles per group, copies of an earlier article left out
    group_articles: Counter[str] = field(default_factory=Counter)

    def lookup(self, groups: tuple[str, ...], keys: np.ndarray) -> ArticleCounts:
        """The counts of every paragraph key of one article (see :func:`paragraph_keys`).

        One search of the sorted keys for the whole article, not one per paragraph:
        where each key's entries start and end, then the entries of ``groups`` among
        them, picked out with numpy. Most paragraphs of a story have no entry at all.
        """
        return ArticleCounts(groups, self.counts_of(groups, keys).tolist(), self.group_articles)

    def counts_of(self, groups: tuple[str, ...], keys: np.ndarray) -> np.ndarray:
        """(articles, of them copies) of each key in each group: shape (keys, groups, 2).

        A key absent from the survey, or from one of ``groups``, counts (0, 0) there.
        A survey entry is unique per (key, group), so no two entries fill one cell.
        """
        found = np.zeros((len(keys), len(groups), 2), dtype=np.int64)
        starts = np.searchsorted(self.keys, keys, side="left")
        spans = np.searchsorted(self.keys, keys, side="right") - starts
        present = np.flatnonzero(spans)
        if not len(present):
            return found
        spans = spans[present]
        rows = np.repeat(present, spans)  # one per entry of a present key: its paragraph
        # the entries of each present key, numbered from its first one
        offsets = np.arange(len(rows)) - np.repeat(np.cumsum(spans) - spans, spans)
        entries = np.repeat(starts[present], spans) + offsets
        entry_groups = self.key_groups[entries]
        for column, group in enumerate(groups):
            group_id = self.group_ids.get(group)
            if group_id is None:
                continue
            match = entry_groups == group_id
            found[rows[match], column, 0] = self.articles[entries[match]]
            found[rows[match], column, 1] = self.in_copies[entries[match]]
        return found

    def articles_with(self, groups: tuple[str, ...], text: str) -> tuple[int, str | None]:
        """The most articles of one group that contain ``text``, and that group."""
        return self.lookup(groups, paragraph_keys([text])).articles_with(0)

    def template_count(self, groups: tuple[str, ...], text: str) -> TemplateCount:
        """In how many articles of one group ``text`` occurs, copies of one article once."""
        return self.lookup(groups, paragraph_keys([text])).template_count(0)


@dataclass(frozen=True)
class SurveyEntry:
    """What the first pass needs of one article, computed wherever the article is read."""

    article_id: str
    groups: tuple[str, ...]
    paragraph_keys: np.ndarray  # the distinct keys of its paragraphs (uint64, sorted)
    exact: bytes
    signature: np.ndarray  # MinHash hash values (see dedup.article_signature)


def survey_entry(
    article_id: str,
    groups: tuple[str, ...],
    texts: list[str],
    body: list[str],
    num_perm: int,
    keys: np.ndarray | None = None,
) -> SurveyEntry:
    """The entry of one article; ``keys``: its :func:`paragraph_keys`, when computed already."""
    exact, signature = article_signature(texts, body, num_perm)
    distinct = np.unique(paragraph_keys(texts) if keys is None else keys)
    return SurveyEntry(article_id, groups, distinct, exact, signature)


_PARAGRAPH_ROW = np.dtype([("key", "<u8"), ("group", "<u4"), ("article", "<u4")])
_FLUSH_ROWS = 1 << 16


class SurveyBuilder:
    """Collects a :class:`CorpusSurvey` from articles fed in input order.

    What grows with the corpus goes to files of ``folder`` (a private folder of the
    build; a temporary one when None), emptied first and removed by :meth:`finish`:
    a row (paragraph key, group, article number) per paragraph and group, the
    articles' IDs, digests and MinHash signatures. In memory: about 40 bytes per
    article. :meth:`finish` counts the rows a partition at a time.
    """

    def __init__(
        self, near_duplicate_threshold: float, num_perm: int, folder: Path | None = None
    ) -> None:
        self._temporary = folder is None
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="packager-survey-"))
        else:
            shutil.rmtree(folder, ignore_errors=True)  # a killed build's
            folder.mkdir(parents=True)
        self._folder = folder
        self._duplicates = NearDuplicates(near_duplicate_threshold, num_perm, folder)
        self._rows = PartitionedRows(folder, "paragraphs", _PARAGRAPH_ROW)
        self._pending: list[np.ndarray] = []
        self._pending_rows = 0
        self._ids = RecordLog(folder / "article-ids.bin")
        self._id_offsets = Column("u8")
        self._seen = KeyIndex()
        self._seen_again: dict[str, int] = {}  # IDs whose key an earlier, other ID has
        self._group_ids: dict[str, int] = {}
        self._group_sets: dict[tuple[int, ...], int] = {}
        self._article_sets = Column("u4")

    @property
    def num_perm(self) -> int:
        return self._duplicates.num_perm

    def add(
        self,
        article_id: str,
        groups: tuple[str, ...],
        texts: list[str],
        body_texts: list[str],
    ) -> None:
        entry = survey_entry(article_id, groups, texts, body_texts, self.num_perm)
        self.add_entry(entry)

    def _article_id(self, number: int) -> str:
        return self._ids.read(self._id_offsets[number]).decode("utf-8", "surrogatepass")

    def _first_time(self, article_id: str, number: int) -> bool:
        """Whether ``article_id`` is new (and now known as article ``number``)."""
        key = text_key(article_id)
        earlier = self._seen.get(key)
        if earlier is None:
            self._seen.add(key, number)
            return True
        if self._article_id(earlier) == article_id or article_id in self._seen_again:
            return False
        self._seen_again[article_id] = number
        return True

    def add_entry(self, entry: SurveyEntry) -> None:
        """Count one article's paragraphs and place it among duplicates (in input order)."""
        number = self._duplicates.count
        if not self._first_time(entry.article_id, number):
            return
        self._id_offsets.append(self._ids.append(entry.article_id.encode("utf-8", "surrogatepass")))
        self._duplicates.add(entry.exact, entry.signature)
        ids = tuple(self._group_id(group) for group in entry.groups)
        self._article_sets.append(self._group_sets.setdefault(ids, len(self._group_sets)))
        keys = entry.paragraph_keys
        for group in ids:
            rows = np.empty(len(keys), dtype=_PARAGRAPH_ROW)
            rows["key"] = keys
            rows["group"] = group
            rows["article"] = number
            self._pending.append(rows)
        self._pending_rows += len(keys) * len(ids)
        if self._pending_rows >= _FLUSH_ROWS:
            self._flush()

    def _group_id(self, group: str) -> int:
        return self._group_ids.setdefault(group, len(self._group_ids))

    def _flush(self) -> None:
        if self._pending:
            self._rows.append(np.concatenate(self._pending))
        self._pending = []
        self._pending_rows = 0

    def finish(self) -> CorpusSurvey:
        """The survey; the builder's files are removed."""
        try:
            self._flush()
            self._rows.close()
            copy, root = self._duplicates.finish()
            survey = CorpusSurvey(group_ids=dict(self._group_ids))
            self._count_group_articles(survey, copy)
            self._count_repeats(survey, copy)
            for number in np.flatnonzero(root != np.arange(len(root))).tolist():
                survey.duplicate_of[self._article_id(number)] = self._article_id(int(root[number]))
            return survey
        finally:
            self.discard()

    def discard(self) -> None:
        """Close and remove the builder's files (a finished or a failed first pass)."""
        self._duplicates.remove()
        self._rows.remove()
        self._ids.remove()
        if self._temporary:
            shutil.rmtree(self._folder, ignore_errors=True)

    def _count_group_articles(self, survey: CorpusSurvey, copy: np.ndarray) -> None:
        sets = self._article_sets.array()
        per_set = np.bincount(sets[~copy], minlength=len(self._group_sets))
        names = list(self._group_ids)
        for ids, index in self._group_sets.items():
            if per_set[index]:
                for group in ids:
                    survey.group_articles[names[group]] += int(per_set[index])

    def _count_repeats(self, survey: CorpusSurvey, copy: np.ndarray) -> None:
        """Articles and copies per (key, group), for keys in two or more articles of a group."""
        parts: list[tuple[np.ndarray, ...]] = []
        for part in range(self._rows.parts):
            rows = self._rows.read(part)
            if not len(rows):
                continue
            order = np.lexsort((rows["group"], rows["key"]))
            keys, groups = rows["key"][order], rows["group"][order]
            copies = copy[rows["article"][order]].astype(np.uint32)
            del rows, order
            change = (keys[1:] != keys[:-1]) | (groups[1:] != groups[:-1])
            starts = np.concatenate([[0], np.flatnonzero(change) + 1])
            articles = np.diff(np.append(starts, len(keys))).astype(np.uint32)
            in_copies = np.add.reduceat(copies, starts).astype(np.uint32)
            keys, groups = keys[starts], groups[starts]
            key_starts = np.concatenate([[0], np.flatnonzero(keys[1:] != keys[:-1]) + 1])
            most = np.maximum.reduceat(articles, key_starts)
            keep = np.repeat(most, np.diff(np.append(key_starts, len(keys)))) >= 2
            parts.append((keys[keep], groups[keep], articles[keep], in_copies[keep]))
        if parts:  # partitions are by the keys' top bits: concatenated, they stay sorted
            survey.keys, survey.key_groups, survey.articles, survey.in_copies = (
                np.concatenate(column) for column in zip(*parts, strict=True)
            )
