"""Language of an article without a language in its metadata.

py3langid (a maintained fork of langid.py) ships its model inside the wheel,
runs offline and is deterministic: the same text always gets the same answer.

Its model is a byte automaton whose states mark n-gram features, walked one byte
at a time in Python. Here the walk is done by numpy over all positions at once:
an automaton state stands for at most the last ``depth`` bytes read (6 in the
shipped model), so the state at each position is the state reached from the start
on the ``depth`` bytes that end there, and ``depth`` vectorised steps give every
position's state. Where numba is installed, one compiled loop walks the bytes
instead, as py3langid does (:func:`packager.quality.kernels.language_features`,
several times faster again). Features are then counted in first-seen order, as
py3langid's Counter does, so the scores are the same floats bit for bit (a test compares
labels and score bits with ``py3langid.classify``). The model is loaded once per
process (:func:`load`, called before worker processes fork).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from packager.quality.dedup import compiled

MIN_LETTERS = 20  # below this a guess is noise
# The walk's depth for model files met before, by SHA-256 (py3langid 0.4.0's: 6), so a
# process skips the search (a second or more); another model file is searched.
KNOWN_DEPTHS = {"f4f4a2c3465ca1f081541037f9cac23021d68151c2f709c55ae5eedfca522963": 6}
_LETTERS = re.compile(r"[^\W\d_]")


def _max_depth(nextmove: np.ndarray, rowbase: np.ndarray) -> int:
    """The most bytes any state stands for: the largest breadth-first distance from the start."""
    seen = np.zeros(len(rowbase), dtype=bool)
    seen[0] = True
    frontier, depth = np.array([0]), 0
    bytes_ = np.arange(256)
    while True:
        reached = np.zeros(len(rowbase), dtype=bool)
        for start in range(0, len(frontier), 4096):  # bounded temporaries
            rows = rowbase[frontier[start : start + 4096]]
            reached[nextmove[(rows[:, None] + bytes_).ravel()]] = True
        frontier = np.flatnonzero(reached & ~seen)
        if not len(frontier):
            return depth
        seen[frontier] = True
        depth += 1


class _VectorIdentifier(LanguageIdentifier):
    """py3langid's identifier with the automaton walk done by numpy."""

    def __init__(self, *args: Any, depth: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._nextmove = np.frombuffer(self.tk_nextmove, dtype=np.uint32)
        self._rowbase = np.asarray(self.tk_row, dtype=np.int64) << 8
        self._output = np.asarray(self.tk_output, dtype=np.int64)
        self._depth = _max_depth(self._nextmove, self._rowbase) if depth is None else depth
        self._widened: tuple[np.ndarray | None, np.ndarray] = (None, np.empty(0))

    def _raw_score(self, text: bytes) -> np.ndarray:
        data = np.frombuffer(text, dtype=np.uint8)
        kernels = compiled()
        if kernels is None:
            index, counts = self._features(data)
        else:
            index, counts = kernels.language_features(
                self._nextmove, self._rowbase, self._output, data, len(self.nb_ptc)
            )
        if not len(index):
            floor: np.ndarray = super()._raw_score(text)  # py3langid's for featureless input
            return floor
        weights = counts.astype(np.float32)
        # numpy's stubs type this arithmetic as Any
        score: np.ndarray = (
            np.log1p(weights) @ self._float32_table()[index.astype(np.intp)] + self.nb_pc
        )
        return score

    def _features(self, data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The features the walk meets, in first-seen order, and their counts (numpy)."""
        size = len(data)
        states = np.zeros(size, dtype=np.int64)
        for back in range(min(self._depth, size) - 1, -1, -1):
            # positions >= back read the byte `back` before them (their window's next byte)
            states[back:] = self._nextmove[self._rowbase[states[back:]] + data[: size - back]]
        features = self._output[states]
        features = features[features >= 0]
        unique, first, counts = np.unique(features, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")  # py3langid's Counter: first-seen order
        return unique[order], counts[order]

    def _float32_table(self) -> np.ndarray:
        """The model's float16 weights widened to float32 once (exact, 57 MB).

        numpy widens the selected rows on every product otherwise, which costs more
        than the walk; the product itself is the same float32 one (same bits).
        """
        if self._widened[0] is not self.nb_ptc:  # set_languages swaps the table
            self._widened = (self.nb_ptc, self.nb_ptc.astype(np.float32))
        return self._widened[1]


@cache
def load() -> LanguageIdentifier:
    """The identifier, loaded once per process (a few seconds: the model is xz-packed)."""
    digest = hashlib.sha256((MODEL_DIR / MODEL_FILE).read_bytes()).hexdigest()
    return _VectorIdentifier.from_model_file(MODEL_FILE, depth=KNOWN_DEPTHS.get(digest))


def classify(text: str) -> tuple[str, float]:
    """``py3langid.classify``: the same label and score."""
    code, score = load().classify(text)
    return str(code), float(score)


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code such as ``en``, or None when the text is too short to tell."""
    if len(_LETTERS.findall(text[:2000])) < MIN_LETTERS:
        return None
    code, _score = classify(text[:2000])
    return code
