"""Class breaks for choropleths with mapclassify, and the fixed legal classes
(pure, no Django).

Methods: quantiles, equal intervals, natural breaks (Fisher–Jenks; above
``EXACT_JENKS_LIMIT`` values the sampled variant, as exact Jenks is quadratic). Values
that are ``None`` are "no data" and never enter the breaks.
"""

import bisect
import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["METHODS", "Breaks", "class_breaks", "class_of"]

EXACT_JENKS_LIMIT = 1000
# mapclassify class names; the package is imported on first use (it pulls in
# scikit-learn, scipy.stats and matplotlib: ~1.5 s that every process need not pay).
METHODS = {
    "quantiles": "Quantiles",
    "equal_interval": "EqualInterval",
    "natural_breaks": "FisherJenks",
}


@dataclass(frozen=True)
class Breaks:
    """Upper bounds of each class (inclusive), the lowest value, and counts per class."""

    method: str
    lower: float | None
    bounds: tuple[float, ...]
    counts: tuple[int, ...]
    no_data: int

    def intervals(self) -> list[tuple[float, float]]:
        """(low, high) of each class; none when nothing has a value (e.g. no district in
        a two-tier province's area)."""
        if not self.bounds:
            return []
        lows = [self.lower, *self.bounds[:-1]]
        return list(zip(lows, self.bounds, strict=True))


def class_breaks(values: list[float | None], *, method: str, k: int = 5) -> Breaks:
    """Classify ``values`` with ``method`` into at most ``k`` classes.

    >>> class_breaks([1, 2, 3, 4, None], method="equal_interval", k=2).bounds
    (2.5, 4.0)
    """
    if method not in METHODS:
        raise ValueError(f"Unknown classification method “{method}”: use one of {', '.join(METHODS)}.")
    data = np.array([v for v in values if v is not None], dtype=float)
    no_data = len(values) - len(data)
    if len(data) == 0:
        return Breaks(method, None, (), (), no_data)
    distinct = np.unique(data)
    if len(distinct) <= k:
        bounds = tuple(float(v) for v in distinct)
    else:
        import mapclassify

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Numba not installed": the pure version is fine here
            if method == "natural_breaks" and len(data) > EXACT_JENKS_LIMIT:
                classifier = mapclassify.FisherJenksSampled(data, k=k, pct=EXACT_JENKS_LIMIT / len(data))
            else:
                classifier = getattr(mapclassify, METHODS[method])(data, k=k)
        bounds = tuple(float(b) for b in np.unique(classifier.bins))
    counts = np.bincount(np.searchsorted(bounds, data, side="left"), minlength=len(bounds))
    return Breaks(method, float(data.min()), bounds, tuple(int(c) for c in counts), no_data)


def class_of(value: float | None, breaks: Breaks) -> int | None:
    """Index of the class holding ``value`` (None for no data)."""
    if value is None or not breaks.bounds:
        return None
    # bisect_left is searchsorted(side="left") on a sorted tuple, without a numpy call
    # per unit (10,000 communes nationally).
    return min(bisect.bisect_left(breaks.bounds, value), len(breaks.bounds) - 1)
