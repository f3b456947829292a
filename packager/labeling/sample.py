"""``--sample N [--stratify KEYS] [--seed S]``: a deterministic sample of the tasks.

Each task is ranked by a keyed hash of its ID (BLAKE2b keyed with the seed): the
sample is the N lowest ranks, so the same seed and release give the same sample on
any machine, and a larger N only adds tasks. With ``--stratify``, N is shared out
over the strata (each combination of the keys' values) in proportion to their size,
rounded by largest remainder (Hamilton's method: floors first, then one more to
the strata with the largest fractions, ties to the stratum that sorts first), and
each stratum takes its lowest ranks. The population is what the export would
otherwise write (after ``--only-new``), so sampling composes with it.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packager.errors import ConfigError
from packager.layout import ARTICLES_NAME
from packager.releases.records import read_records

STRATA_KEYS = ("publisher", "language", "split", "kind")
Stratum = tuple[str | None, ...]


def rank(task_id: str, seed: int) -> bytes:
    """The task's place in the sample order: a hash of its ID keyed with the seed."""
    key = str(seed).encode()
    return hashlib.blake2b(task_id.encode(), key=key, digest_size=16).digest()


def allocate(population: dict[Stratum, int], size: int) -> dict[Stratum, int]:
    """``size`` shared out over the strata in proportion, by largest remainder."""
    total = sum(population.values())
    if size >= total:
        return dict(population)
    quotas = {s: size * n / total for s, n in population.items()}
    counts = {s: math.floor(q) for s, q in quotas.items()}
    left = size - sum(counts.values())
    by_remainder = sorted(quotas, key=lambda s: (-(quotas[s] - counts[s]), _sortable(s)))
    for stratum in by_remainder[:left]:
        counts[stratum] += 1
    return counts


def _sortable(stratum: Stratum) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, value or "") for value in stratum)


@dataclass
class Sample:
    """Which task IDs are in the sample, and how it was drawn (for ``export-index.json``)."""

    size: int
    seed: int
    stratify: list[str]
    chosen: set[str] = field(default_factory=set)
    strata: list[dict[str, Any]] = field(default_factory=list)
    population: int = 0

    def definition(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "seed": self.seed,
            "stratify": self.stratify,
            "method": "lowest BLAKE2b(task ID, key=seed) per stratum; proportional allocation, "
            "largest remainder",
            "population": self.population,
            "selected": len(self.chosen),
            "strata": self.strata,
        }


def article_values(release: Path, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The article fields the strata need, by article ID."""
    wanted = [key for key in keys if key in ("publisher", "language")]
    if not wanted:
        return {}
    return {
        a["article_id"]: {key: a.get(key) for key in wanted}
        for a in read_records(release / ARTICLES_NAME)
    }


def check_keys(keys: list[str]) -> None:
    for key in keys:
        if key not in STRATA_KEYS:
            raise ConfigError(f"cannot stratify by {key!r}; choose from {', '.join(STRATA_KEYS)}")
    if len(set(keys)) != len(keys):
        raise ConfigError(f"--stratify names a key twice: {','.join(keys)}")


def draw(
    units: Callable[[], Iterable[tuple[str, dict[str, Any]]]],
    size: int,
    keys: list[str],
    seed: int,
) -> Sample:
    """The sample of ``units()`` (``(task ID, values of the keys)`` pairs, read twice)."""
    if size < 1:
        raise ConfigError("--sample must be at least 1")
    check_keys(keys)
    population: Counter[Stratum] = Counter()
    for _, values in units():
        population[tuple(_value(values.get(key)) for key in keys)] += 1
    counts = allocate(dict(population), size)
    best: dict[Stratum, list[tuple[bytes, str]]] = {s: [] for s in counts}
    for task_id, values in units():
        stratum = tuple(_value(values.get(key)) for key in keys)
        want = counts[stratum]
        if not want:
            continue
        heap = best[stratum]
        item = (_negated(rank(task_id, seed)), task_id)  # a max-heap of the lowest ranks
        if len(heap) < want:
            heapq.heappush(heap, item)
        elif item > heap[0]:
            heapq.heapreplace(heap, item)
    sample = Sample(size, seed, list(keys), population=sum(population.values()))
    for stratum in sorted(counts, key=_sortable):
        chosen = {task_id for _, task_id in best[stratum]}
        sample.chosen |= chosen
        sample.strata.append(
            {
                "stratum": dict(zip(keys, stratum, strict=True)),
                "population": population[stratum],
                "allocated": counts[stratum],
                "selected": len(chosen),
            }
        )
    return sample


def _value(value: Any) -> str | None:
    return None if value is None else str(value)


def _negated(digest: bytes) -> bytes:
    return bytes(255 - b for b in digest)
