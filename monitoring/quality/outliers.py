"""Which monthly values are far from a commune's own history, or outside the bounds an
administrator set (DHIS2's outlier detection, with the modified z-score).

For each commune × indicator the history is the values of the ``HISTORY_MONTHS`` months
before the month in question. With at least ``MIN_HISTORY`` of them, a value ``x`` is an
outlier when its modified z-score (Iglewicz and Hoaglin, 1993)

    M = 0.6745 · (x − median) / MAD

is above ``Z_LIMIT`` (3.5) in absolute value, MAD being the median absolute deviation.
When MAD is 0 (a flat history) the mean absolute deviation stands in (× 1.2533, the
same scale), and the spread is never taken below one person, so a history of zeros
does not flag a single case. :class:`OutlierBound` rows add a lowest and a highest
plausible value (a commune's own bound wins over the indicator's). The range is the part of
the statistical range inside the bounds; where the two do not meet (a history the
administrator's bounds call implausible), the bounds alone.

Each cell gets one :class:`CellRange`: the values inside ``[low, high]`` are plausible.
The grid flags a value while it is typed by comparing it with that range, so the rule
lives here only; the data-quality page lists the stored values outside it.
"""

import datetime
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from monitoring.models import OutlierBound

__all__ = [
    "HISTORY_MONTHS",
    "MIN_HISTORY",
    "Z_LIMIT",
    "CellRange",
    "cell_ranges",
    "display_number",
    "explanation_templates",
    "modified_z",
    "outlier_explanation",
    "statistical_range",
]

HISTORY_MONTHS = 24
MIN_HISTORY = 6
Z_LIMIT = 3.5
_MAD_SCALE = 0.6745
_MEAN_AD_SCALE = 1.2533


@dataclass(frozen=True)
class CellRange:
    """The plausible values of one cell and where the range comes from."""

    low: float | None
    high: float | None
    median: float | None = None
    history: int = 0
    bound_min: int | None = None
    bound_max: int | None = None

    def is_outlier(self, value: int | None) -> bool:
        return self.reason(value) is not None

    def reason(self, value: int | None) -> str | None:
        """Why ``value`` is an outlier: ``"bound"`` (outside a bound an administrator set)
        or ``"history"`` (far from the commune's history); ``None`` when plausible.

        >>> CellRange(low=4.8, high=15.2, median=10, history=8).reason(16)
        'history'
        >>> CellRange(low=4.8, high=12, median=10, history=8, bound_max=12).reason(13)
        'bound'
        >>> CellRange(low=4.8, high=15.2).reason(15) is None
        True
        """
        if value is None:
            return None
        if self.low is not None and value < self.low:
            return "bound" if self.bound_min is not None and self.low == self.bound_min else "history"
        if self.high is not None and value > self.high:
            return "bound" if self.bound_max is not None and self.high == self.bound_max else "history"
        return None

    @property
    def lowest(self) -> int | None:
        """The lowest plausible whole number (counts are whole: 4.8 → 5)."""
        return None if self.low is None else math.ceil(self.low)

    @property
    def highest(self) -> int | None:
        """The highest plausible whole number (15.2 → 15)."""
        return None if self.high is None else math.floor(self.high)

    def as_data(self) -> dict:
        """The range as the grid's data attributes carry it: whole numbers, ``None`` when
        open; ``low_bound``/``high_bound`` say that side is an administrator's bound.

        >>> CellRange(low=4.8, high=12, median=10, history=8, bound_max=12).as_data()
        {'low': 5, 'high': 12, 'median': 10, 'low_bound': False, 'high_bound': True}
        """
        return {
            "low": self.lowest,
            "high": self.highest,
            "median": self.median,
            "low_bound": self.bound_min is not None and self.low == self.bound_min,
            "high_bound": self.bound_max is not None and self.high == self.bound_max,
        }


def display_number(value) -> str:
    """A range figure or a median as the reader's language writes it (10, 10,5)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return number_format(value, use_l10n=True)


def explanation_templates() -> dict[str, str]:
    """The texts of a flag with ``%(low)s``, ``%(high)s``, ``%(median)s`` placeholders: the
    page fills them for stored values, the grid's script for typed ones (same words)."""
    return {
        "history": _("far from this commune's usual %(low)s–%(high)s (median %(median)s)"),
        "bound_high": _("above the highest plausible value %(high)s"),
        "bound_low": _("below the lowest plausible value %(low)s"),
    }


def outlier_explanation(cell: "CellRange", value: int | None, *, shown: dict | None = None) -> str:
    """Why ``value`` is flagged, in words ("" when it is plausible). ``shown``: the low,
    high and median as the reader may see them (small-count protection), else exact.

    >>> from django.utils import translation
    >>> with translation.override("en"):
    ...     outlier_explanation(CellRange(low=9.5, high=15.2, median=12, history=8), 40)
    "far from this commune's usual 10–15 (median 12)"
    """
    reason = cell.reason(value)
    if reason is None:
        return ""
    data = cell.as_data()
    figures = {k: data[k] for k in ("low", "high", "median")} | (shown or {})
    figures = {
        k: "…" if v is None else v if isinstance(v, str) else display_number(v) for k, v in figures.items()
    }
    if reason == "history":
        key = "history"
    else:
        key = "bound_high" if cell.high is not None and value > cell.high else "bound_low"
    return explanation_templates()[key] % figures


def _spread(history: list[int]) -> float:
    median = statistics.median(history)
    mad = statistics.median(abs(v - median) for v in history)
    if mad > 0:
        return mad / _MAD_SCALE
    mean_ad = statistics.fmean(abs(v - median) for v in history)
    return max(mean_ad * _MEAN_AD_SCALE, 1.0)


def modified_z(value: int, history: list[int]) -> float | None:
    """The modified z-score of ``value`` against ``history`` (``None``: history too short).

    >>> round(modified_z(40, [10, 11, 9, 10, 12, 10, 11, 9]), 1)
    20.2
    """
    if len(history) < MIN_HISTORY:
        return None
    return (value - statistics.median(history)) / _spread(history)


def statistical_range(history: list[int]) -> tuple[float | None, float | None]:
    """The values whose modified z-score is within ``Z_LIMIT`` (open when history is short).

    >>> statistical_range([10, 11, 9, 10, 12, 10, 11, 9])
    (4.8, 15.2)
    """
    if len(history) < MIN_HISTORY:
        return None, None
    median, spread = statistics.median(history), _spread(history)
    return round(max(median - Z_LIMIT * spread, 0), 1), round(median + Z_LIMIT * spread, 1)


HISTORY_SQL = """
SELECT unit_id, indicator_id, array_agg(value ORDER BY period)
  FROM monitoring_casecount
 WHERE unit_id = ANY(%s) AND indicator_id = ANY(%s) AND period >= %s AND period < %s
 GROUP BY unit_id, indicator_id
"""


def _months_before(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _within_bounds(low, high, bound_min, bound_max):
    """The statistical range cut to the bounds; the bounds alone where the two do not meet.

    >>> _within_bounds(4.8, 15.2, None, 12)
    (4.8, 12)
    >>> _within_bounds(80.0, 120.0, 0, 50)
    (0, 50)
    >>> _within_bounds(None, None, 2, None)
    (2, None)
    """
    cut_low = low if bound_min is None else bound_min if low is None else max(low, bound_min)
    cut_high = high if bound_max is None else bound_max if high is None else min(high, bound_max)
    if cut_low is not None and cut_high is not None and cut_low > cut_high:
        return bound_min, bound_max
    return cut_low, cut_high


def cell_ranges(
    *, unit_ids: Iterable[int], indicator_ids: Iterable[int], period: datetime.date
) -> dict[tuple[int, int], CellRange]:
    """``{(unit id, indicator id): CellRange}`` for ``period`` (every pair asked for)."""
    units, indicators = list(unit_ids), list(indicator_ids)
    with connection.cursor() as cursor:
        cursor.execute(HISTORY_SQL, [units, indicators, _months_before(period, HISTORY_MONTHS), period])
        histories = {(unit, indicator): values for unit, indicator, values in cursor.fetchall()}
    bounds: dict[tuple[int | None, int], OutlierBound] = {
        (b.unit_id, b.indicator_id): b
        for b in OutlierBound.objects.filter(
            Q(unit__isnull=True) | Q(unit_id__in=units), indicator_id__in=indicators
        )
    }
    ranges = {}
    for unit in units:
        for indicator in indicators:
            history = histories.get((unit, indicator), [])
            low, high = statistical_range(history)
            bound = bounds.get((unit, indicator)) or bounds.get((None, indicator))
            bound_min = bound.minimum if bound else None
            bound_max = bound.maximum if bound else None
            low, high = _within_bounds(low, high, bound_min, bound_max)
            ranges[(unit, indicator)] = CellRange(
                low=low,
                high=high,
                median=statistics.median(history) if len(history) >= MIN_HISTORY else None,
                history=len(history),
                bound_min=bound_min,
                bound_max=bound_max,
            )
    return ranges
