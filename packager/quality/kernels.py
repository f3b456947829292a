"""Loops of the hot paths compiled by numba: the same numbers, without a Python call each.

Imported only through :func:`packager.quality.dedup.compiled` (by dedup and
:mod:`packager.quality.language`) when numba is installed (it has no wheels for
Intel macOS; there they keep their numpy code, with the same results). The
functions are compiled on first use and cached on disk (``cache=True``), so a
process pays the compilation once per machine, not per build.

* :func:`minhash`: BLAKE2b (digest size 4, as ``hashlib.blake2b(unit,
  digest_size=4)``; written from RFC 7693) of every shingle, MurmurHash3's
  finalizer and datasketch's affine32 permutations, minimum per permutation: the
  values of :func:`packager.quality.dedup.signatures`, bit for bit.
* :func:`language_features`: py3langid's byte automaton walked one byte at a time,
  its features counted in first-seen order (what
  :mod:`packager.quality.language` multiplies with the model's weights).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_IV = np.array(
    [
        0x6A09E667F3BCC908,
        0xBB67AE8584CAA73B,
        0x3C6EF372FE94F82B,
        0xA54FF53A5F1D36F1,
        0x510E527FADE682D1,
        0x9B05688C2B3E6C1F,
        0x1F83D9ABFB41BD6B,
        0x5BE0CD19137E2179,
    ],
    dtype=np.uint64,
)
# The message word each G step of a round reads (RFC 7693, 2.7); rounds 10 and 11 repeat 0 and 1.
_SIGMA = np.array(
    [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    ],
    dtype=np.int64,
)
_BLOCK = 128
# Parameter block word 0 for an unkeyed 4-byte digest: depth 1, fanout 1, key 0, digest 4.
_PARAM0 = np.uint64(0x01010004)
_MASK32 = np.uint64(0xFFFFFFFF)


@njit(inline="always", cache=True)
def _rotr(x: np.uint64, n: int) -> np.uint64:
    return (x >> np.uint64(n)) | (x << np.uint64(64 - n))


@njit(inline="always", cache=True)
def _g(a, b, c, d, x, y):  # type: ignore[no-untyped-def]
    """BLAKE2b's mixing function G on four words of the state, given two message words."""
    a = a + b + x
    d = _rotr(d ^ a, 32)
    c = c + d
    b = _rotr(b ^ c, 24)
    a = a + b + y
    d = _rotr(d ^ a, 16)
    c = c + d
    b = _rotr(b ^ c, 63)
    return a, b, c, d


@njit(cache=True)
def _compress(h, m, data, start, length, counter, last):  # type: ignore[no-untyped-def]
    """Mix the block of ``length`` (<= 128) bytes at ``data[start:]``, zero-padded, into h.

    The working state is 16 local words, not an array, so it stays in registers.
    """
    for word in range(16):
        m[word] = np.uint64(0)
    for index in range(length):
        m[index >> 3] |= np.uint64(data[start + index]) << np.uint64(8 * (index & 7))
    v0, v1, v2, v3, v4, v5, v6, v7 = h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
    v8, v9, v10, v11 = _IV[0], _IV[1], _IV[2], _IV[3]
    v12, v13, v14, v15 = _IV[4] ^ np.uint64(counter), _IV[5], _IV[6], _IV[7]
    if last:
        v14 = ~v14
    for r in range(12):
        v0, v4, v8, v12 = _g(v0, v4, v8, v12, m[_SIGMA[r, 0]], m[_SIGMA[r, 1]])
        v1, v5, v9, v13 = _g(v1, v5, v9, v13, m[_SIGMA[r, 2]], m[_SIGMA[r, 3]])
        v2, v6, v10, v14 = _g(v2, v6, v10, v14, m[_SIGMA[r, 4]], m[_SIGMA[r, 5]])
        v3, v7, v11, v15 = _g(v3, v7, v11, v15, m[_SIGMA[r, 6]], m[_SIGMA[r, 7]])
        v0, v5, v10, v15 = _g(v0, v5, v10, v15, m[_SIGMA[r, 8]], m[_SIGMA[r, 9]])
        v1, v6, v11, v12 = _g(v1, v6, v11, v12, m[_SIGMA[r, 10]], m[_SIGMA[r, 11]])
        v2, v7, v8, v13 = _g(v2, v7, v8, v13, m[_SIGMA[r, 12]], m[_SIGMA[r, 13]])
        v3, v4, v9, v14 = _g(v3, v4, v9, v14, m[_SIGMA[r, 14]], m[_SIGMA[r, 15]])
    h[0] ^= v0 ^ v8
    h[1] ^= v1 ^ v9
    h[2] ^= v2 ^ v10
    h[3] ^= v3 ^ v11
    h[4] ^= v4 ^ v12
    h[5] ^= v5 ^ v13
    h[6] ^= v6 ^ v14
    h[7] ^= v7 ^ v15


@njit(cache=True)
def _blake2b32(data, start, end, h, m):  # type: ignore[no-untyped-def]
    """``hashlib.blake2b(data[start:end], digest_size=4)`` read as a little-endian uint32."""
    for index in range(8):
        h[index] = _IV[index]
    h[0] ^= _PARAM0
    length = end - start
    done = 0
    while length - done > _BLOCK:  # every block but the last (a full last one stays last)
        _compress(h, m, data, start + done, _BLOCK, done + _BLOCK, False)
        done += _BLOCK
    _compress(h, m, data, start + done, length - done, length, True)
    return np.uint32(h[0] & _MASK32)


@njit(cache=True)
def blake2b32(data, starts, ends):  # type: ignore[no-untyped-def]
    """The 4-byte BLAKE2b of each ``data[starts[i]:ends[i]]``, as uint32 (for the tests)."""
    h = np.empty(8, dtype=np.uint64)
    m = np.empty(16, dtype=np.uint64)
    out = np.empty(len(starts), dtype=np.uint32)
    for index in range(len(starts)):
        out[index] = _blake2b32(data, starts[index], ends[index], h, m)
    return out


@njit(cache=True)
def minhash(data, starts, ends, a, b):  # type: ignore[no-untyped-def]
    """The MinHash signature of the shingles ``data[starts[i]:ends[i]]`` (all 0xFFFFFFFF if none).

    Each shingle's hash goes through MurmurHash3's 32-bit finalizer, then through
    ``a * x + b`` modulo 2**32 per permutation; the signature keeps each minimum.
    """
    h = np.empty(8, dtype=np.uint64)
    m = np.empty(16, dtype=np.uint64)
    num_perm = len(a)
    a64, b64 = a.astype(np.uint64), b.astype(np.uint64)
    result = np.full(num_perm, _MASK32, dtype=np.uint64)
    for index in range(len(starts)):
        x = np.uint64(_blake2b32(data, starts[index], ends[index], h, m))
        x ^= x >> np.uint64(16)
        x = (x * np.uint64(0x85EBCA6B)) & _MASK32
        x ^= x >> np.uint64(13)
        x = (x * np.uint64(0xC2B2AE35)) & _MASK32
        x ^= x >> np.uint64(16)
        for perm in range(num_perm):
            permuted = (a64[perm] * x + b64[perm]) & _MASK32  # < 2**64: no overflow
            if permuted < result[perm]:
                result[perm] = permuted
    return result.astype(np.uint32)


@njit(cache=True)
def language_features(nextmove, rowbase, output, data, feature_count):  # type: ignore[no-untyped-def]
    """py3langid's automaton walk over ``data``: its features in first-seen order, and counts.

    One state per byte read, ``nextmove[rowbase[state] + byte]``, as py3langid walks
    it; a state with a feature (``output >= 0``) counts it.
    """
    first = np.full(feature_count, -1, dtype=np.int64)  # feature -> its slot in `order`
    order = np.empty(len(data), dtype=np.int64)
    counts = np.zeros(len(data), dtype=np.int64)
    seen = 0
    state = 0
    for byte in data:
        state = nextmove[rowbase[state] + byte]
        feature = output[state]
        if feature >= 0:
            slot = first[feature]
            if slot < 0:
                slot = seen
                first[feature] = slot
                order[slot] = feature
                seen += 1
            counts[slot] += 1
    return order[:seen], counts[:seen]
