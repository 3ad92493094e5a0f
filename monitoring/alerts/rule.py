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

from scipy import stats

__all__ = [
    "ALPHA",
    "BASELINE_MONTHS",
    "MIN_BASELINE_MONTHS",
    "MIN_EXCESS",
    "MIN_EXPECTED",
    "RULE",
    "Exceedance",
    "exceedance",
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


def _tail(value: int, mean: float, dispersion: float) -> float:
    """P(X ≥ value) for a Poisson (φ = 1) or a negative binomial of mean ``mean`` and
    variance φ·mean."""
    if value <= 0:
        return 1.0
    if dispersion <= 1.0:
        return float(stats.poisson.sf(value - 1, mean))
    size = mean / (dispersion - 1.0)
    return float(stats.nbinom.sf(value - 1, size, 1.0 / dispersion))


def exceedance(value: int, baseline: Sequence[int | None], *, alpha: float = ALPHA) -> Exceedance | None:
    """The verdict on ``value`` against ``baseline`` (earlier months, ``None`` where not
    reported), or ``None`` when fewer than ``MIN_BASELINE_MONTHS`` months are known."""
    known = [v for v in baseline if v is not None]
    if len(known) < MIN_BASELINE_MONTHS:
        return None
    n = len(known)
    mean = sum(known) / n
    variance = sum((v - mean) ** 2 for v in known) / (n - 1)
    expected = max(mean, MIN_EXPECTED)
    dispersion = max(1.0, variance / expected)
    p_value = _tail(value, expected, dispersion)
    fires = p_value < alpha and value - expected >= MIN_EXCESS
    return Exceedance(value=value, expected=expected, dispersion=dispersion, p_value=p_value, fires=fires)
