"""Class breaks for choropleths with mapclassify, and the fixed legal classes
(pure, no Django).

Methods: quantiles, equal intervals, natural breaks (Fisher–Jenks; above
``EXACT_JENKS_LIMIT`` values the sampled variant, as exact Jenks is quadratic). Values
that are ``None`` are "no data" and never enter the breaks.

The breaks may come from other values than the ones classified (``basis``): the
values of every period of a time range, so that one colour means the same figure in
every month. Breaks are strictly increasing; data with fewer distinct values than
classes asked get fewer classes, and data that are all equal get one class
(``Breaks.single``), which the palette shows as neutral, not as an alarm colour.

Changes are classified symmetrically around zero (``diverging_breaks``): zero is a
class of its own, and each decrease class mirrors an increase class.
"""

import bisect
import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["METHODS", "Breaks", "class_breaks", "class_of", "diverging_breaks", "fixed_breaks"]

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
    """Upper bounds of each class (inclusive), the lowest value, and counts per class.

    ``asked``: how many classes were asked for (``len(bounds)`` may be fewer).
    ``magnitudes``: for breaks symmetric around zero, the upper bounds of the increase
    classes; the classes are then the mirrored decreases, zero, and the increases, and
    ``bounds`` holds each class's upper end as ``intervals`` gives it.
    """

    method: str
    lower: float | None
    bounds: tuple[float, ...]
    counts: tuple[int, ...]
    no_data: int
    asked: int = 0
    magnitudes: tuple[float, ...] | None = None

    @property
    def diverging(self) -> bool:
        return self.magnitudes is not None

    @property
    def single(self) -> bool:
        """One class: every value is the same (e.g. all zero)."""
        return len(self.bounds) == 1

    @property
    def fewer(self) -> bool:
        """Fewer classes than asked, as the data have fewer distinct values."""
        return 0 < len(self.bounds) < self.asked

    @property
    def zero_class(self) -> int | None:
        """Index of the class that holds exactly zero (symmetric breaks only)."""
        return len(self.magnitudes) if self.magnitudes is not None else None

    def intervals(self) -> list[tuple[float, float]]:
        """(low, high) of each class; none when nothing has a value (e.g. no district in
        a two-tier province's area). A class of one value has ``low == high``."""
        if not self.bounds:
            return []
        if self.magnitudes is not None:
            return _symmetric_intervals(self.magnitudes)
        lows = [self.lower, *self.bounds[:-1]]
        return list(zip(lows, self.bounds, strict=True))


def _symmetric_intervals(m: tuple[float, ...]) -> list[tuple[float, float]]:
    """Decreases mirrored from the increase bounds ``m``, then zero, then increases."""
    lows = [0.0, *m[:-1]][: len(m)]
    decreases = [(-high, -low or 0.0) for low, high in reversed(list(zip(lows, m, strict=True)))]
    return [*decreases, (0.0, 0.0), *zip(lows, m, strict=True)]


def _clean(values) -> np.ndarray:
    return np.array([v for v in values if v is not None], dtype=float)


def _bounds(data: np.ndarray, *, method: str, k: int) -> tuple[float, ...]:
    """Strictly increasing upper bounds of at most ``k`` classes of ``data``."""
    distinct = np.unique(data)
    if len(distinct) <= k:
        return tuple(float(v) for v in distinct)
    import mapclassify

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed": the pure version is fine here
        if method == "natural_breaks" and len(data) > EXACT_JENKS_LIMIT:
            classifier = mapclassify.FisherJenksSampled(data, k=k, pct=EXACT_JENKS_LIMIT / len(data))
        else:
            classifier = getattr(mapclassify, METHODS[method])(data, k=k)
    # np.unique merges duplicate bins (quantiles of many zeros give 0, 0, 0, 3, 10).
    return tuple(float(b) for b in np.unique(np.minimum(classifier.bins, distinct[-1])))


def _check(method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"Unknown classification method “{method}”: use one of {', '.join(METHODS)}.")


def class_breaks(
    values: list[float | None], *, method: str, k: int = 5, basis: list[float | None] | None = None
) -> Breaks:
    """Classify ``values`` with ``method`` into at most ``k`` classes, the breaks taken
    from ``basis`` (default: ``values`` themselves) together with ``values``.

    >>> class_breaks([1, 2, 3, 4, None], method="equal_interval", k=2).bounds
    (2.5, 4.0)
    >>> class_breaks([0, 0, 0], method="quantiles").bounds
    (0.0,)
    """
    _check(method)
    data = _clean(values)
    no_data = len(values) - len(data)
    source = data if basis is None else np.concatenate([_clean(basis), data])
    if len(source) == 0:
        return Breaks(method, None, (), (), no_data, k)
    bounds = _bounds(source, method=method, k=k)
    counts = np.bincount(np.searchsorted(bounds, data, side="left"), minlength=len(bounds))
    return Breaks(
        method, float(source.min()), bounds, tuple(int(c) for c in counts[: len(bounds)]), no_data, k
    )


def diverging_breaks(
    values: list[float | None], *, method: str, k: int = 5, basis: list[float | None] | None = None
) -> Breaks:
    """Breaks of a change, symmetric around zero: ``(k - 1) // 2`` classes of decrease
    (at least one), zero alone, as many classes of increase. The bounds of the increase
    classes come from ``method`` on the sizes of every non-zero change, so a decrease
    of 5 and an increase of 5 fall in mirrored classes. All zero: one class.

    >>> diverging_breaks([-4, -1, 0, 2, 8], method="equal_interval", k=5).intervals()
    [(-8.0, -4.5), (-4.5, 0.0), (0.0, 0.0), (0.0, 4.5), (4.5, 8.0)]
    """
    _check(method)
    data = _clean(values)
    no_data = len(values) - len(data)
    source = data if basis is None else np.concatenate([_clean(basis), data])
    if len(source) == 0:
        return Breaks(method, None, (), (), no_data, k, ())
    sizes = np.abs(source[source != 0])
    side = max(1, (k - 1) // 2)
    magnitudes = _bounds(sizes, method=method, k=side) if len(sizes) else ()
    # The decrease class next to zero ends (exclusively) at zero, the zero class holds it.
    bounds = tuple(high for _low, high in _symmetric_intervals(magnitudes))
    counts = [0] * len(bounds)
    shape = Breaks(
        method, -magnitudes[-1] if magnitudes else 0.0, bounds, (), no_data, 2 * side + 1, magnitudes
    )
    for value in data:
        counts[class_of(float(value), shape)] += 1
    return Breaks(shape.method, shape.lower, bounds, tuple(counts), no_data, shape.asked, magnitudes)


def fixed_breaks(values: list[float | None], *, lower: float, bounds: tuple[float, ...]) -> Breaks:
    """Classes fixed in advance (a legend set): ``values`` counted into them; a value
    beyond either end counts in the end class.

    >>> fixed_breaks([0, 3, 12, None], lower=0, bounds=(1, 10)).counts
    (1, 2)
    """
    data = [v for v in values if v is not None]
    shape = Breaks(
        "legend_set", float(lower), tuple(float(b) for b in bounds), (), len(values) - len(data), len(bounds)
    )
    counts = [0] * len(bounds)
    for value in data:
        counts[class_of(value, shape)] += 1
    return Breaks(shape.method, shape.lower, shape.bounds, tuple(counts), shape.no_data, shape.asked)


def class_of(value: float | None, breaks: Breaks) -> int | None:
    """Index of the class holding ``value`` (None for no data)."""
    if value is None or not breaks.bounds:
        return None
    if breaks.magnitudes is not None:
        zero, m = len(breaks.magnitudes), breaks.magnitudes
        if value == 0 or not m:
            return zero
        rank = min(bisect.bisect_left(m, abs(value)), len(m) - 1)
        return zero + 1 + rank if value > 0 else zero - 1 - rank
    # bisect_left is searchsorted(side="left") on a sorted tuple, without a numpy call
    # per unit (10,000 communes nationally).
    return min(bisect.bisect_left(breaks.bounds, value), len(breaks.bounds) - 1)
