"""Exact and near-duplicate articles of a whole corpus, on disk and in numpy arrays.

The same groups as :class:`packager.quality.dedup.DuplicateFinder`, which places
each article as it comes, with datasketch's LSH tables in memory; here every
article's exact-text digest and MinHash signature go to files of a private folder
as they come, and the groups are found once, at the end, from sorted rows:

* an article whose exact digest an earlier article has is a copy of the first
  such article and takes no further part (DuplicateFinder neither queries nor
  indexes it);
* the others are candidates of each other when they share a band of their
  signatures: the bands and rows datasketch's ``MinHashLSH`` picks for the
  threshold, ``num_perm`` and weights (0.1, 0.9), compared as the exact band
  values, as datasketch's tables do (rows are sorted by a 64-bit hash of the band
  and every candidate pair is checked for an equal band);
* a candidate pair is verified when the estimated Jaccard similarity of the two
  signatures is at least the threshold.

Groups are the connected components of exact and verified pairs, each led by its
earliest article; an article is a copy when it has such a pair with an earlier
article. That is exactly what the online finder gives: when an article arrives it
is joined with every earlier verified partner, the earlier member stays the root,
so its root changes iff it has one, and the components are the same whatever the
order the pairs are joined in. Articles with identical signatures are grouped
first (they share every band, and their similarity is 1), so a thousand copies of
one short text make a thousand pairs, not half a million.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np
from datasketch import MinHashLSH

from packager.partitions import Column, PartitionedRows

_BAND_ROW = np.dtype([("key", "<u8"), ("article", "<u4")])
_PAIRS = 1 << 15  # candidate pairs verified at once
_PRIME = np.uint64(0x9E3779B97F4A7C15)


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) of datasketch's LSH as :class:`DuplicateFinder` tunes it."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
    return lsh.b, lsh.r


def _mix64(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: a well-spread 64-bit hash (uint64, wrapping)."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    mixed: np.ndarray = values ^ (values >> np.uint64(31))
    return mixed


def row_hashes(matrix: np.ndarray, seed: int) -> np.ndarray:
    """A 64-bit hash of each row of a uint32 matrix (equal rows, equal hashes)."""
    with np.errstate(over="ignore"):
        hashes = np.full(len(matrix), _mix64(np.array(seed + 1, dtype=np.uint64)), dtype=np.uint64)
        for column in matrix.T:
            hashes = _mix64((hashes * _PRIME) ^ column.astype(np.uint64))
    return hashes


def _pairs_in_runs(members: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Every (earlier, later) pair of positions inside each run [start, end) of ``members``."""
    lengths = ends - starts
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    positions = np.repeat(starts, lengths) + offsets
    run_end = np.repeat(ends, lengths)
    partners = run_end - positions - 1
    left = np.repeat(positions, partners)
    first = np.repeat(np.cumsum(partners) - partners, partners)
    right = np.arange(len(left)) - first + np.repeat(positions + 1, partners)
    return np.stack([members[left], members[right]], axis=1)


def _runs(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of each run of two or more equal values in ``sorted_keys``."""
    if len(sorted_keys) < 2:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    change = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [len(sorted_keys)]])
    long = ends - starts >= 2
    return starts[long], ends[long]


def _equal_groups(
    hashes: np.ndarray, articles: np.ndarray, fetch: Callable[[int], bytes]
) -> np.ndarray:
    """(first, later) pairs of articles whose values are equal, found by their hashes.

    ``fetch`` gives an article's value, read only for articles whose hash repeats.
    """
    order = np.argsort(hashes, kind="stable")
    starts, ends = _runs(hashes[order])
    pairs: list[tuple[int, int]] = []
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        firsts: dict[bytes, int] = {}
        for article in sorted(articles[order[start:end]].tolist()):
            first = firsts.setdefault(fetch(article), article)
            if first != article:
                pairs.append((first, article))
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


class NearDuplicates:
    """Feed articles in input order with :meth:`add`; :meth:`finish` gives copies and groups."""

    EXACT_BYTES = 64  # the BLAKE2b digest of :func:`packager.quality.dedup.signature_of`

    def __init__(self, threshold: float, num_perm: int, folder: Path) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands, self.rows = lsh_bands(threshold, num_perm)
        self._folder = folder
        self._exact_file = (folder / "exact.bin").open("w+b")
        self._signature_file = (folder / "signatures.bin").open("w+b")
        self._band_rows = PartitionedRows(folder, "bands", _BAND_ROW)
        self._exact_keys = Column("u8")
        self._signature_keys = Column("u8")
        self._pending_exact: list[bytes] = []
        self._pending_signatures: list[np.ndarray] = []
        self.count = 0

    def add(self, exact: bytes, signature: np.ndarray) -> int:
        """Add the next article; its number (0, 1, ...)."""
        if len(exact) != self.EXACT_BYTES or len(signature) != self.num_perm:
            raise ValueError("an exact digest of 64 bytes and a signature of num_perm values")
        self._pending_exact.append(exact)
        self._pending_signatures.append(signature)
        if len(self._pending_exact) >= 1024:
            self._flush()
        self.count += 1
        return self.count - 1

    def _flush(self) -> None:
        if not self._pending_exact:
            return
        first = self._exact_keys.size  # the number of the first pending article
        exact = b"".join(self._pending_exact)
        signatures = np.ascontiguousarray(np.stack(self._pending_signatures), dtype="<u4")
        self._exact_file.write(exact)
        self._signature_file.write(signatures.tobytes())
        for key in np.frombuffer(exact, dtype="<u8")[:: self.EXACT_BYTES // 8].tolist():
            self._exact_keys.append(key)
        for key in row_hashes(signatures, -1).tolist():
            self._signature_keys.append(key)
        articles = np.arange(first, first + len(signatures), dtype=np.uint32)
        for band in range(self.bands):
            rows = np.empty(len(signatures), dtype=_BAND_ROW)
            rows["key"] = row_hashes(signatures[:, band * self.rows : (band + 1) * self.rows], band)
            rows["article"] = articles
            self._band_rows.append(rows)
        self._pending_exact.clear()
        self._pending_signatures.clear()

    def _read(self, handle: BinaryIO, size: int) -> Callable[[int], bytes]:
        fd = handle.fileno()
        return lambda article: os.pread(fd, size, article * size)

    def _signatures(self, articles: np.ndarray) -> np.ndarray:
        """The signature rows of ``articles`` (read from the file, not mapped)."""
        read = self._read(self._signature_file, 4 * self.num_perm)
        joined = b"".join([read(article) for article in articles.tolist()])
        return np.frombuffer(joined, dtype="<u4").reshape(len(articles), self.num_perm)

    def finish(self) -> tuple[np.ndarray, np.ndarray]:
        """(copy, root) per article number: whether it copies an earlier article, and the
        earliest article of its group (itself when it has no duplicate)."""
        self._flush()
        self._exact_file.flush()
        self._signature_file.flush()
        self._band_rows.close()
        count = self.count
        everyone = np.arange(count, dtype=np.int64)
        edges = [
            _equal_groups(
                self._exact_keys.array(),
                everyone,
                self._read(self._exact_file, self.EXACT_BYTES),
            )
        ]
        indexed = np.ones(count, dtype=bool)  # in the LSH tables: not an exact copy
        indexed[edges[0][:, 1]] = False
        indexed_articles = np.flatnonzero(indexed)
        same = _equal_groups(
            self._signature_keys.array()[indexed_articles],
            indexed_articles,
            self._read(self._signature_file, 4 * self.num_perm),
        )
        edges.append(same)
        banded = indexed.copy()
        banded[same[:, 1]] = False  # identical to an earlier indexed article: its pairs are its
        for part in range(self._band_rows.parts):
            rows = self._band_rows.read(part)
            rows = rows[banded[rows["article"]]]
            order = np.argsort(rows["key"], kind="stable")
            starts, ends = _runs(rows["key"][order])
            if not len(starts):
                continue
            pairs = _pairs_in_runs(rows["article"][order].astype(np.int64), starts, ends)
            codes = np.unique(pairs[:, 0] * count + pairs[:, 1])
            for begin in range(0, len(codes), _PAIRS):
                chunk = codes[begin : begin + _PAIRS]
                edges.append(self._verified(chunk // count, chunk % count))
        return _components(count, np.concatenate(edges))

    def _verified(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The candidate pairs that share a band exactly and are similar enough."""
        articles, where = np.unique(np.concatenate([first, second]), return_inverse=True)
        signatures = self._signatures(articles)
        a = signatures[where[: len(first)]]
        b = signatures[where[len(first) :]]
        equal = a == b
        banded = equal[:, : self.bands * self.rows].reshape(len(a), self.bands, self.rows)
        shares_band = banded.all(axis=2).any(axis=1)
        similar = np.count_nonzero(equal, axis=1) / float(self.num_perm) >= self.threshold
        keep = shares_band & similar
        return np.stack([first[keep], second[keep]], axis=1)

    def remove(self) -> None:
        """Delete the files (after :meth:`finish`)."""
        for handle in (self._exact_file, self._signature_file):
            handle.close()
            Path(handle.name).unlink(missing_ok=True)
        self._band_rows.remove()


def _components(count: int, edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(copy, root) from (earlier, later) pairs: root is the earliest member of a component."""
    copy = np.zeros(count, dtype=bool)
    root = np.arange(count, dtype=np.int64)
    if not len(edges):
        return copy, root
    copy[edges[:, 1]] = True
    first, second = edges[:, 0], edges[:, 1]
    while True:  # the smallest label spreads along the edges, then labels jump to roots
        before = root.copy()
        low = np.minimum(root[first], root[second])
        np.minimum.at(root, first, low)
        np.minimum.at(root, second, low)
        while True:
            jumped = root[root]
            if np.array_equal(jumped, root):
                break
            root = jumped
        if np.array_equal(root, before):
            return copy, root
