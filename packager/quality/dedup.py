"""Exact and near-duplicate articles: MinHash over shingles with LSH (datasketch).

Why datasketch: it is the maintained, widely used implementation of MinHash and
LSH in Python; its hashing is seeded and deterministic, so groups do not depend
on the process or ``PYTHONHASHSEED``.

Articles are compared on their body-like paragraphs only (page furniture that
single-paragraph signals can see is left out), shingled as word 5-grams, or
character 5-grams for scripts written without spaces. Groups are built in input
order; a group's representative is its earliest member, and every later member
is a ``duplicate_of`` it.
"""

from __future__ import annotations

import hashlib
import struct

from datasketch import MinHash, MinHashLSH

from packager.identify import id_text


def _hash32(data: bytes) -> int:
    """Stable 32-bit shingle hash (BLAKE2b), the same in every process."""
    return struct.unpack("<I", hashlib.blake2b(data, digest_size=4).digest())[0]


def shingles(text: str, size: int = 5) -> set[bytes]:
    folded = id_text(text).casefold()
    words = folded.split()
    if len(words) * 8 < len(folded):  # few spaces: Chinese, Japanese, Thai ...
        compact = "".join(words)
        units = [compact[i : i + size] for i in range(max(1, len(compact) - size + 1))]
    else:
        units = [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]
    return {unit.encode("utf-8") for unit in units if unit}


def signature_of(full_text: str, body_text: str, num_perm: int) -> tuple[bytes, MinHash]:
    """The exact-text digest and the MinHash of an article: pure, so any process computes it."""
    exact = hashlib.blake2b(id_text(full_text).encode("utf-8", "surrogatepass")).digest()
    signature = MinHash(num_perm=num_perm, hashfunc=_hash32)
    signature.update_batch(sorted(shingles(body_text or full_text)))
    return exact, signature


class DuplicateFinder:
    """Feed articles in input order with :meth:`add`; :meth:`groups` gives representatives."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        # Candidates are verified against the threshold below, so LSH is tuned for recall:
        # a missed pair is a near-copy leaking across splits, a false candidate costs a compare.
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
        self._exact: dict[bytes, str] = {}
        self._signatures: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}
        self._parent: dict[str, str] = {}

    def _root(self, key: str) -> str:
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def _union(self, first: str, second: str) -> None:
        a, b = self._root(first), self._root(second)
        if a != b:  # the earlier article stays the root
            if self._order[a] > self._order[b]:
                a, b = b, a
            self._parent[b] = a

    def add(self, article_id: str, full_text: str, body_text: str) -> None:
        self.add_signature(article_id, *signature_of(full_text, body_text, self.num_perm))

    def add_signature(self, article_id: str, exact: bytes, signature: MinHash) -> bool:
        """Add an article by its exact-text digest and MinHash (see :func:`signature_of`).

        True when it copies an article added before it (exactly or nearly).
        """
        if article_id in self._order:
            return True  # a duplicate ID; rejected later by the pipeline
        self._order[article_id] = len(self._order)
        self._parent[article_id] = article_id
        earlier = self._exact.setdefault(exact, article_id)
        if earlier != article_id:
            self._union(earlier, article_id)
            return True
        candidates = sorted(self._lsh.query(signature), key=self._order.__getitem__)
        for candidate in candidates:
            if self._signatures[candidate].jaccard(signature) >= self.threshold:
                self._union(candidate, article_id)
        self._lsh.insert(article_id, signature)
        self._signatures[article_id] = signature
        return self._root(article_id) != article_id

    def groups(self) -> dict[str, str]:
        """Every article that duplicates an earlier one -> the group's representative."""
        return {key: root for key in self._order if (root := self._root(key)) != key}
