"""Hot spots on communes: spatial weights, Empirical Bayes rates, Getis-Ord Gi* and Local
Moran's I, each computed by PySAL (``libpysal``, ``esda``) so that the figures are the
ones a statistician can reproduce in PySAL or GeoDa. Pure: imports nothing from Django.

The input is one list of communes in a fixed order (ids, geometries or points, values);
every output array follows that order. A commune with no neighbour (an island, or a
commune cut off by the distance band) is kept in the result with no statistic, so a
reader sees that it was not tested rather than that it was not there.
"""

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from esda import G_Local, Moran_Local, fdr
from esda.smoothing import Empirical_Bayes, Spatial_Empirical_Bayes
from libpysal.weights import DistanceBand, W

__all__ = [
    "CONFIDENCE_LEVELS",
    "LISA_QUADRANTS",
    "LocalResult",
    "confidence_levels",
    "eb_rates",
    "gi_star",
    "local_moran",
    "spatial_eb_rates",
    "weights_distance",
    "weights_queen",
]

#: Confidence levels (per cent) and their significance (p ≤ alpha), strongest first.
CONFIDENCE_LEVELS = ((99, 0.01), (95, 0.05), (90, 0.10))
#: esda's quadrant numbers (``Moran_Local.q``) and their usual names.
LISA_QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
PER = 10_000


def _quiet(build):
    """libpysal warns on islands and disconnected components; the result reports both."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build()


def weights_queen(pairs: Sequence[tuple], ids: Sequence) -> W:
    """Queen contiguity (a shared edge or corner) from the pairs of touching communes.

    PostGIS finds the pairs (``ST_DWithin`` with a snapping tolerance): libpysal's own
    ``Queen`` compares vertices exactly, so two communes whose shared border was
    digitised with a vertex a millimetre apart, or with a vertex on the other's edge,
    would not be neighbours.
    """
    neighbours: dict = {i: [] for i in ids}
    for a, b in pairs:
        neighbours[a].append(b)
        neighbours[b].append(a)
    return _quiet(lambda: W(neighbours, id_order=list(ids)))


def weights_distance(points: Sequence[tuple[float, float]], ids: Sequence, metres: float) -> W:
    """Binary distance-band weights: neighbours are communes whose representative
    points lie within ``metres`` (the points in a projected CRS, in metres)."""
    return _quiet(
        lambda: DistanceBand(np.asarray(points, dtype=float), threshold=metres, binary=True, ids=list(ids))
    )


def weights_subset(w: W, ids: Sequence) -> W:
    """``w`` restricted to ``ids`` (in that order): links to communes left out are cut."""
    wanted = list(ids)
    keep = set(wanted)
    neighbours = {i: [j for j in w.neighbors[i] if j in keep] for i in wanted}
    return _quiet(lambda: W(neighbours, id_order=wanted))


def eb_rates(events: Sequence[float], base: Sequence[float]) -> np.ndarray:
    """Global Empirical Bayes rates per 10,000 of ``base`` (Marshall 1991): each raw
    rate shrunk toward the overall rate, the more the smaller its population."""
    return Empirical_Bayes(np.asarray(events, float), np.asarray(base, float)).r.ravel() * PER


def spatial_eb_rates(events: Sequence[float], base: Sequence[float], w: W) -> np.ndarray:
    """Spatial Empirical Bayes rates per 10,000: shrunk toward the rate of the commune
    and its neighbours instead of the overall rate."""
    e, b = np.asarray(events, float), np.asarray(base, float)
    return _quiet(lambda: Spatial_Empirical_Bayes(e, b, w).r.ravel() * PER)


@dataclass(frozen=True)
class LocalResult:
    """A local statistic per commune of the analysis (arrays in the weights' order)."""

    statistic: np.ndarray  # Gi* or local I
    z: np.ndarray  # Gi*: analytical z-score; local I: z of I against its permutations
    p: np.ndarray  # pseudo p-value from the permutations (one-sided, folded as in esda);
    # Gi* without permutations: the normal approximation's one-sided p of |z|
    quadrant: np.ndarray | None = None  # local Moran only: 1 HH, 2 LH, 3 LL, 4 HL


def gi_star(values: Sequence[float], w: W, *, permutations: int, seed: int) -> LocalResult:
    """Getis-Ord Gi* (Getis & Ord 1992, Ord & Getis 1995) with binary weights that
    include the commune itself, as ArcGIS's Hot Spot Analysis. ``permutations=0``: the
    p-value of the normal approximation (``p_norm``), as emerging hot spots use it."""
    y = np.asarray(values, float)
    g = _quiet(
        lambda: G_Local(y, w, transform="B", permutations=permutations, star=True, seed=seed, n_jobs=1)
    )
    return LocalResult(statistic=g.Gs, z=g.Zs, p=g.p_sim if permutations else g.p_norm)


def local_moran(values: Sequence[float], w: W, *, permutations: int, seed: int) -> LocalResult:
    """Local Moran's I (Anselin 1995) with row-standardised weights, as GeoDa's LISA."""
    y = np.asarray(values, float)
    m = _quiet(lambda: Moran_Local(y, w, transformation="r", permutations=permutations, seed=seed, n_jobs=1))
    return LocalResult(statistic=m.Is, z=m.z_sim, p=m.p_sim, quadrant=m.q)


def confidence_levels(p: Sequence[float], *, use_fdr: bool) -> list[int | None]:
    """The highest confidence level (99, 95, 90 or ``None``) each p-value reaches.

    With ``use_fdr`` each level's cut-off is the Benjamini–Hochberg one
    (``esda.fdr``) for its alpha instead of alpha itself, which keeps the share of
    false hot spots among all those reported below alpha.
    """
    p = np.asarray(p, float)
    cutoffs = [(level, fdr(p, alpha) if use_fdr and len(p) else alpha) for level, alpha in CONFIDENCE_LEVELS]
    return [next((level for level, cut in cutoffs if value <= cut), None) for value in p]
