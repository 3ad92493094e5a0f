"""Who the counselling points reach (pure numpy, no Django): for each demand point
the nearest open site and its distance, and the demand covered within a radius."""

from dataclasses import dataclass

import numpy as np

__all__ = ["Coverage", "coverage_compute"]


@dataclass(frozen=True)
class Coverage:
    nearest: np.ndarray  # index of the nearest site per demand point (-1: no site)
    distance_m: np.ndarray  # distance to it (inf: no site)
    covered: np.ndarray  # bool per demand point
    covered_weight: float
    total_weight: float

    @property
    def share(self) -> float | None:
        return None if self.total_weight == 0 else self.covered_weight / self.total_weight


def coverage_compute(
    *, demand_xy: np.ndarray, weights: np.ndarray, site_xy: np.ndarray, radius_m: float
) -> Coverage:
    """Nearest site and coverage; distances are Euclidean in the metric projection."""
    n = len(demand_xy)
    weights = np.nan_to_num(np.asarray(weights, dtype=float))
    if len(site_xy) == 0:
        nearest = np.full(n, -1)
        distance = np.full(n, np.inf)
    else:
        # Demand × sites is small for a province (~200 × ~20); chunk for large inputs.
        nearest = np.empty(n, dtype=int)
        distance = np.empty(n)
        for start in range(0, n, 2048):
            block = demand_xy[start : start + 2048]
            d = np.hypot(block[:, None, 0] - site_xy[None, :, 0], block[:, None, 1] - site_xy[None, :, 1])
            nearest[start : start + 2048] = d.argmin(axis=1)
            distance[start : start + 2048] = d.min(axis=1)
    covered = distance <= radius_m
    return Coverage(nearest, distance, covered, float(weights[covered].sum()), float(weights.sum()))
