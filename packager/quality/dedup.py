"""Exact and near-duplicate articles: MinHash over shingles with LSH (datasketch).

Why datasketch: it is the maintained, widely used implementation of MinHash and
LSH in Python; its hashing is seeded and deterministic, so groups do not depend
on the process or ``PYTHONHASHSEED``. The signatures themselves are computed
here, with datasketch's permutations drawn once per process: the values are
exactly those of ``datasketch.MinHash(num_perm, seed=1).update_batch`` (default
``affine32`` scheme, a test compares them), at a fraction of the cost of building
a MinHash object (and its random permutations) per article. Where numba is
installed, one compiled loop (:func:`packager.quality.kernels.minhash`) hashes
the shingles as byte ranges of the article's folded text and keeps the minima
(~5x less CPU than a hashlib call and a bytes object per shingle); elsewhere numpy
does it (:func:`signatures`). Both give the same values; a test holds them to it.

Articles are compared on their body-like paragraphs only (page furniture that
single-paragraph signals can see is left out), shingled as word 5-grams, or
character 5-grams for scripts written without spaces. Groups are built in input
order; a group's representative is its earliest member, and every later member
is a ``duplicate_of`` it.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Sequence
from functools import cache
from types import ModuleType

import numpy as np
from datasketch import MinHash, MinHashLSH

from packager.identify import id_text, joined_id_text

SEED = 1  # datasketch's default seed: the permutations of MinHash(num_perm)
_MAX32 = np.uint32(0xFFFFFFFF)
# The MurmurHash3 32-bit finalizer datasketch applies to each shingle hash before permuting.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


def _hash32(data: bytes) -> int:
    """Stable 32-bit shingle hash (BLAKE2b), the same in every process."""
    value: int = struct.unpack("<I", hashlib.blake2b(data, digest_size=4).digest())[0]
    return value


def _hashes32(units: Iterable[bytes]) -> np.ndarray:
    """:func:`_hash32` of every unit, as one uint32 array (the digests joined, read once)."""
    blake2b = hashlib.blake2b
    joined = b"".join([blake2b(unit, digest_size=4).digest() for unit in units])
    return np.frombuffer(joined, dtype="<u4").astype(np.uint32)


@cache
def permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters (a, b) for ``num_perm``, drawn once."""
    a, b = MinHash(num_perm=num_perm, seed=SEED, hashfunc=_hash32).permutations
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def _mix(hashes: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2 = _FMIX
    hashes = hashes ^ (hashes >> s1)
    hashes = hashes * m1
    hashes = hashes ^ (hashes >> s2)
    hashes = hashes * m2
    mixed: np.ndarray = hashes ^ (hashes >> s1)
    return mixed


def signatures(shingle_sets: Sequence[Iterable[bytes]], num_perm: int) -> np.ndarray:
    """The MinHash signature of each set of shingles: a (sets, num_perm) uint32 matrix.

    Row i equals ``MinHash(num_perm, hashfunc=_hash32)`` updated with set i's shingles
    (all 0xFFFFFFFF for an empty set).
    """
    a, b = permutations(num_perm)
    sizes = [0] * len(shingle_sets)
    units: list[bytes] = []
    for index, shingle_set in enumerate(shingle_sets):
        before = len(units)
        units.extend(shingle_set)
        sizes[index] = len(units) - before
    result = np.full((len(shingle_sets), num_perm), _MAX32, dtype=np.uint32)
    if not units:
        return result
    permuted = _mix(_hashes32(units))[:, None] * a + b  # wraps mod 2**32, as datasketch's
    filled = np.flatnonzero(sizes)
    starts = np.cumsum([0, *sizes])[filled]
    result[filled] = np.minimum.reduceat(permuted, starts, axis=0)
    return result


def shingles(text: str, size: int = 5) -> set[bytes]:
    folded = id_text(text).casefold()
    words = folded.split()
    if len(words) * 8 < len(folded):  # few spaces: Chinese, Japanese, Thai ...
        compact = "".join(words)
        units = [compact[i : i + size] for i in range(max(1, len(compact) - size + 1))]
    else:
        units = [" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))]
    return {unit.encode("utf-8") for unit in units if unit}


def shingle_spans(text: str, size: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The units of :func:`shingles` as byte ranges of one buffer: (bytes, starts, ends).

    Word shingles are ranges of the folded words joined by single spaces (a word
    holds no space, so the spaces are the word bounds), character shingles ranges
    of the words joined without one; a unit may repeat, which a MinHash ignores.
    """
    return folded_shingle_spans(id_text(text), size)


def folded_shingle_spans(folded: str, size: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`shingle_spans` of a text given in its ID form (:func:`id_text`).

    An ID text is its words joined by single spaces, and casefolding turns no
    character into white space (a test asks every code point), so the casefolded
    ID text is the folded words joined already: counted and encoded as it is, not
    split into words and joined again.
    """
    lowered = folded.casefold()
    if not lowered:
        empty = np.empty(0, dtype=np.int64)
        return np.empty(0, dtype=np.uint8), empty, empty
    if (lowered.count(" ") + 1) * 8 < len(lowered):  # few spaces: the character shingles
        data = np.frombuffer(lowered.replace(" ", "").encode("utf-8"), dtype=np.uint8)
        starts = np.flatnonzero((data & 0xC0) != 0x80)  # where each code point starts
        ends = np.append(starts, len(data))  # a unit of `size` code points ends here
        last = size
    else:
        data = np.frombuffer(lowered.encode("utf-8"), dtype=np.uint8)
        spaces = np.flatnonzero(data == 0x20)
        starts = np.concatenate(([0], spaces + 1))
        ends = np.append(spaces, len(data))  # a unit of `size` words ends with word i+size-1
        last = size - 1
    units = max(1, len(starts) - size + 1)
    reach = np.minimum(np.arange(units) + last, len(ends) - 1)
    return data, starts[:units].astype(np.int64), ends[reach].astype(np.int64)


@cache
def compiled() -> ModuleType | None:
    """:mod:`packager.quality.kernels` when numba is installed, else None."""
    try:
        from packager.quality import kernels
    except ImportError:
        return None
    return kernels


def signature(text: str, num_perm: int) -> np.ndarray:
    """The MinHash signature of the shingles of ``text`` (``signatures([shingles(text)])[0]``)."""
    return folded_signature(id_text(text), num_perm)


def folded_signature(folded: str, num_perm: int) -> np.ndarray:
    """:func:`signature` of a text given in its ID form (its ID text is itself)."""
    kernels = compiled()
    if kernels is None:
        row: np.ndarray = signatures([shingles(folded)], num_perm)[0]
        return row
    a, b = permutations(num_perm)
    compiled_row: np.ndarray = kernels.minhash(*folded_shingle_spans(folded), a, b)
    return compiled_row


def signature_of(full_text: str, body_text: str, num_perm: int) -> tuple[bytes, np.ndarray]:
    """The exact-text digest and the MinHash signature (uint32 hash values) of an article.

    Pure, so any process computes it.
    """
    exact = hashlib.blake2b(id_text(full_text).encode("utf-8", "surrogatepass")).digest()
    return exact, signature(body_text or full_text, num_perm)


def article_signature(texts: list[str], body: list[str], num_perm: int) -> tuple[bytes, np.ndarray]:
    """``signature_of("\n".join(texts), "\n".join(body), num_perm)``, from the paragraphs.

    The article's ID text is put together from its paragraphs' (:func:`joined_id_text`),
    once for the digest and, when the body is the whole article, for the shingles.
    """
    full = joined_id_text(texts)
    exact = hashlib.blake2b(full.encode("utf-8", "surrogatepass")).digest()
    has_body = len(body) > 1 or (len(body) == 1 and body[0] != "")  # "\n".join(body) != ""
    folded_body = joined_id_text(body) if has_body and body != texts else full
    return exact, folded_signature(folded_body, num_perm)


class _Sketch:
    """What :class:`MinHashLSH` reads of a MinHash: its hash values, length and scheme."""

    __slots__ = ("hashvalues",)
    scheme = "affine32"

    def __init__(self, hashvalues: np.ndarray) -> None:
        self.hashvalues = hashvalues

    def __len__(self) -> int:
        return len(self.hashvalues)


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures, as ``MinHash.jaccard`` gives it."""
    return float(np.count_nonzero(first == second)) / float(len(first))


class DuplicateFinder:
    """Feed articles in input order with :meth:`add`; :meth:`groups` gives representatives."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        # Candidates are verified against the threshold below, so LSH is tuned for recall:
        # a missed pair is a near-copy leaking across splits, a false candidate costs a compare.
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
        self._exact: dict[bytes, str] = {}
        self._signatures: dict[str, np.ndarray] = {}
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

    def add_signature(self, article_id: str, exact: bytes, signature: np.ndarray) -> bool:
        """Add an article by its exact-text digest and signature (see :func:`signature_of`).

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
        sketch = _Sketch(signature)
        candidates = sorted(self._lsh.query(sketch), key=self._order.__getitem__)
        for candidate in candidates:
            if jaccard(self._signatures[candidate], signature) >= self.threshold:
                self._union(candidate, article_id)
        self._lsh.insert(article_id, sketch)
        self._signatures[article_id] = signature
        return self._root(article_id) != article_id

    def groups(self) -> dict[str, str]:
        """Every article that duplicates an earlier one -> the group's representative."""
        return {key: root for key in self._order if (root := self._root(key)) != key}
