"""Agreement between annotators: Cohen's kappa, Krippendorff's alpha, MASI distance.

Pure functions of ``{unit: {annotator: value}}``. Cohen's kappa is computed
here (observed agreement against the agreement the two annotators' own label
frequencies predict); Krippendorff's alpha comes from the ``krippendorff``
package (numpy only), imported inside the function so that ``packager --help``
does not pay for numpy. A statistic that is undefined (no unit coded twice, no
variation in the values) is ``None``, never a made-up 0 or 1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from itertools import combinations
from typing import Any

Units = Mapping[str, Mapping[str, Hashable]]  # unit (paragraph) -> annotator -> value


def cohen_kappa(units: Units, first: str, second: str) -> float | None:
    """Cohen's kappa of two annotators over the units both coded, or None if undefined."""
    pairs = [(by[first], by[second]) for by in units.values() if first in by and second in by]
    if not pairs:
        return None
    observed = sum(a == b for a, b in pairs) / len(pairs)
    first_counts = Counter(a for a, _ in pairs)
    second_counts = Counter(b for _, b in pairs)
    expected = sum(first_counts[v] * second_counts[v] for v in first_counts) / len(pairs) ** 2
    if expected == 1:  # both gave one and the same value throughout: nothing to correct
        return None
    return (observed - expected) / (1 - expected)


def mean_cohen_kappa(units: Units) -> float | None:
    """Cohen's kappa averaged over the annotator pairs for which it is defined."""
    annotators = sorted({who for by in units.values() for who in by})
    values = [cohen_kappa(units, a, b) for a, b in combinations(annotators, 2)]
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def masi_distance(first: frozenset[str], second: frozenset[str]) -> float:
    """Passonneau's MASI distance of two label sets: 1 - Jaccard x monotonicity.

    Monotonicity is 1 for equal sets, 2/3 when one holds the other, 1/3 when they
    only overlap, 0 when they are disjoint.
    """
    union = first | second
    if not union:
        return 0.0
    common = first & second
    if first == second:
        monotonicity = 1.0
    elif common in (first, second):
        monotonicity = 2 / 3
    elif common:
        monotonicity = 1 / 3
    else:
        monotonicity = 0.0
    return 1 - len(common) / len(union) * monotonicity


def krippendorff_alpha(units: Units, *, sets: bool = False) -> float | None:
    """Krippendorff's alpha: nominal values, or label sets with the MASI distance.

    Units coded by one annotator only take no part (they cannot be paired);
    None when no unit is coded twice or every value is the same.
    """
    import krippendorff  # lazily: numpy costs start-up time every command would pay
    import numpy as np

    paired = [by for by in units.values() if len(by) >= 2]
    domain = sorted({v for by in paired for v in by.values()}, key=_order)
    if not paired or len(domain) < 2:
        return None
    index = {value: n for n, value in enumerate(domain)}
    counts = np.zeros((len(paired), len(domain)), dtype=np.int64)
    for row, by in enumerate(paired):
        for value in by.values():
            counts[row, index[value]] += 1
    level: Any = "nominal"
    if sets:
        matrix = np.array([[masi_distance(a, b) for b in domain] for a in domain])  # type: ignore[arg-type]

        def level(v1: Any, v2: Any, i1: Any, i2: Any, n_v: Any, dtype: Any = None) -> Any:  # noqa: ARG001 (krippendorff calls metrics with this signature)
            return matrix[i1, i2]

    value = krippendorff.alpha(
        value_counts=counts, value_domain=list(range(len(domain))), level_of_measurement=level
    )
    return None if np.isnan(value) else float(value)


def _order(value: Hashable) -> tuple[Any, ...]:
    """A total order on values (label names, or label sets) for a stable value domain."""
    if isinstance(value, frozenset):
        return (1, sorted(value))
    return (0, str(value))
