"""The composite risk score (pure, no Django), written on the page as:

    score = 100 × (0.4·P(users per 10,000) + 0.2·P(offenders per 10,000, last 12 months)
                   + 0.2·P(hotspots) + 0.2·B)

where P(x) is the commune's percentile rank of x among the province's communes in the
period (0 = lowest, 1 = highest; ties share a rank) and B is border proximity: 1 for a
border commune, falling linearly to 0 at 20 km from the land border.
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["WEIGHTS", "RiskInputs", "border_proximity", "percentile_ranks", "risk_scores"]

WEIGHTS = {"users": 0.4, "offenders": 0.2, "hotspots": 0.2, "border": 0.2}
BORDER_REACH_M = 20_000


@dataclass(frozen=True)
class RiskInputs:
    users_per_10k: float | None
    offenders_per_10k: float | None
    hotspots: float | None
    border_distance_m: float | None
    is_border: bool


def percentile_ranks(values: list[float | None]) -> list[float | None]:
    """Mid-rank percentile in [0, 1]; ``None`` stays ``None``."""
    present = np.array([v for v in values if v is not None], dtype=float)
    if len(present) == 0:
        return [None] * len(values)
    if len(present) == 1:
        return [None if v is None else 1.0 for v in values]
    sorted_values = np.sort(present)
    result = []
    for v in values:
        if v is None:
            result.append(None)
            continue
        below = np.searchsorted(sorted_values, v, side="left")
        upto = np.searchsorted(sorted_values, v, side="right")
        result.append(float((below + upto - 1) / 2 / (len(present) - 1)))
    return result


def border_proximity(*, is_border: bool, distance_m: float | None) -> float:
    if is_border:
        return 1.0
    if distance_m is None:
        return 0.0
    return max(0.0, 1.0 - distance_m / BORDER_REACH_M)


def risk_scores(inputs: list[RiskInputs]) -> list[float | None]:
    """Scores 0–100 per commune; ``None`` where the users figure is missing."""
    users = percentile_ranks([i.users_per_10k for i in inputs])
    offenders = percentile_ranks([i.offenders_per_10k for i in inputs])
    hotspots = percentile_ranks([i.hotspots for i in inputs])
    scores = []
    for row, u, o, h in zip(inputs, users, offenders, hotspots, strict=True):
        if u is None:
            scores.append(None)
            continue
        b = border_proximity(is_border=row.is_border, distance_m=row.border_distance_m)
        total = (
            WEIGHTS["users"] * u
            + WEIGHTS["offenders"] * (o or 0.0)
            + WEIGHTS["hotspots"] * (h or 0.0)
            + WEIGHTS["border"] * b
        )
        scores.append(round(100 * total, 1))
    return scores
