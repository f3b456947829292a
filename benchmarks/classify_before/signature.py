# Frozen copy of the first pass's signature of packager/quality/dedup.py at 82d67f7 (before
# the lookups of issue 16): the article's text folded whole, twice, and its casefolded words
# split and joined again for the shingle spans. The reference of
# tests/quality/test_article_signature.py and the "before" of bench_hot_paths.py.
"""The exact digest and MinHash signature of an article, from its joined text, as they were."""

from __future__ import annotations

import hashlib

import numpy as np

from packager.identify import id_text
from packager.quality.dedup import compiled, permutations, shingles, signatures


def shingle_spans(text: str, size: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shingles of ``text`` as byte ranges of one buffer: (bytes, starts, ends)."""
    folded = id_text(text).casefold()
    words = folded.split()
    if not words:
        empty = np.empty(0, dtype=np.int64)
        return np.empty(0, dtype=np.uint8), empty, empty
    if len(words) * 8 < len(folded):  # few spaces: the character shingles
        data = np.frombuffer("".join(words).encode("utf-8"), dtype=np.uint8)
        starts = np.flatnonzero((data & 0xC0) != 0x80)
        ends = np.append(starts, len(data))
        last = size
    else:
        data = np.frombuffer(" ".join(words).encode("utf-8"), dtype=np.uint8)
        spaces = np.flatnonzero(data == 0x20)
        starts = np.concatenate(([0], spaces + 1))
        ends = np.append(spaces, len(data))
        last = size - 1
    units = max(1, len(starts) - size + 1)
    reach = np.minimum(np.arange(units) + last, len(ends) - 1)
    return data, starts[:units].astype(np.int64), ends[reach].astype(np.int64)


def signature(text: str, num_perm: int) -> np.ndarray:
    kernels = compiled()
    if kernels is None:
        row: np.ndarray = signatures([shingles(text)], num_perm)[0]
        return row
    a, b = permutations(num_perm)
    compiled_row: np.ndarray = kernels.minhash(*shingle_spans(text), a, b)
    return compiled_row


def signature_of(full_text: str, body_text: str, num_perm: int) -> tuple[bytes, np.ndarray]:
    exact = hashlib.blake2b(id_text(full_text).encode("utf-8", "surrogatepass")).digest()
    return exact, signature(body_text or full_text, num_perm)
