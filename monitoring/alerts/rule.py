"""The surveillance rule: a negative-binomial (quasi-Poisson) exceedance of a month's
count over the commune's own baseline, after Farrington et al. (1996) and Noufaily et
al. (2013). Pure maths on exact counts; imports nothing from Django.

The baseline is the commune's previous ``BASELINE_MONTHS`` months of the indicator
(at least ``MIN_BASELINE_MONTHS`` of them reported). Its mean is the expected value μ
(at least ``MIN_EXPECTED``, so a commune that always reported 0 is not alarmed by a 1);
its dispersion φ = max(1, variance / μ) widens the Poisson to a negative binomial with
the same mean and variance φμ, so a figure that is noisy, or seasonal, by nature needs
a larger jump. The month alarms when the upper tail P(X ≥ value) is below ``ALPHA`` and
the value is at least ``MIN_EXCESS`` above μ; the score is −log10 of that tail.

>>> e = exceedance(30, [4, 6, 5, 5, 3, 7, 4, 6, 5, 5, 4, 6])
>>> e.fires, round(e.expected, 1)
(True, 5.0)
>>> exceedance(8, [4, 6, 5, 5, 3, 7, 4, 6, 5, 5, 4, 6]).fires
False
>>> exceedance(30, [5, 5, 5]) is None  # too short a baseline
True
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "ALPHA",
    "BASELINE_MONTHS",
    "MIN_BASELINE_MONTHS",
    "MIN_EXCESS",
    "MIN_EXPECTED",
    "RULE",
    "Exceedance",
    "exceedance",
    "exceedances",
]

RULE = "nb_exceedance"
BASELINE_MONTHS = 12
MIN_BASELINE_MONTHS = 6
ALPHA = 0.001
MIN_EXCESS = 3
MIN_EXPECTED = 0.5


@dataclass(frozen=True)
class Exceedance:
    """The rule's verdict on one value: expected μ, dispersion φ, tail p and score."""

    value: int
    expected: float
    dispersion: float
    p_value: float
    fires: bool

    @property
    def score(self) -> float:
        """−log10 of the tail probability (capped at 99 when it underflows to 0)."""
        return 99.0 if self.p_value <= 0 else min(99.0, -math.log10(self.p_value))


def exceedances(values, baselines, *, alpha: float = ALPHA) -> list[Exceedance | None]:
    """The verdicts on many figures at once: ``values`` (n) against ``baselines`` (n ×
    months, NaN where not reported), computed in arrays; ``None`` where fewer than
    ``MIN_BASELINE_MONTHS`` months are known."""
    values = np.asarray(values, dtype=float)
    baselines = np.asarray(baselines, dtype=float).reshape(len(values), -1)
    known = (~np.isnan(baselines)).sum(axis=1)
    usable = known >= MIN_BASELINE_MONTHS
    result: list[Exceedance | None] = [None] * len(values)
    if not usable.any():
        return result
    # Imported here: scipy.stats costs a server process ~140 MB and 0.8 s to load, and is
    # only needed when alerts are evaluated (a command), not to show them.
    from scipy import stats

    x, base, n = values[usable], baselines[usable], known[usable]
    mean = np.nansum(base, axis=1) / n
    variance = np.nansum((base - mean[:, None]) ** 2, axis=1) / (n - 1)
    expected = np.maximum(mean, MIN_EXPECTED)
    dispersion = np.maximum(1.0, variance / expected)
    poisson = dispersion <= 1.0
    tail = np.ones_like(x)
    positive = x > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        size = expected / (dispersion - 1.0)
        nb = stats.nbinom.sf(x - 1, size, 1.0 / dispersion)
    tail = np.where(positive & poisson, stats.poisson.sf(x - 1, expected), tail)
    tail = np.where(positive & ~poisson, nb, tail)
    fires = (tail < alpha) & (x - expected >= MIN_EXCESS)
    for k, i in enumerate(np.flatnonzero(usable)):
        result[i] = Exceedance(
            value=int(x[k]),
            expected=float(expected[k]),
            dispersion=float(dispersion[k]),
            p_value=float(tail[k]),
            fires=bool(fires[k]),
        )
    return result


def exceedance(value: int, baseline: Sequence[int | None], *, alpha: float = ALPHA) -> Exceedance | None:
    """The verdict on ``value`` against ``baseline`` (earlier months, ``None`` where not
    reported), or ``None`` when fewer than ``MIN_BASELINE_MONTHS`` months are known."""
    row = [np.nan if v is None else v for v in baseline]
    return exceedances([value], [row], alpha=alpha)[0]
