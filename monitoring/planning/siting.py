"""Where new counselling points should open: MCLP, LSCP and p-median (pure, no Django).

Demand (e.g. drug users per commune, at each commune's representative point) and
candidate sites come in METRES in a projected CRS (the caller transforms); distances are
Euclidean and a demand point is covered by a site within ``radius_m`` (inclusive).
Existing sites (``fixed``) are always open and never counted among the ``k`` new ones.
Demand with weight 0 plays no part in any model.

Models (spopt, solved through PuLP with HiGHS by default or CBC):

- ``mclp``: the ``k`` new sites that cover the most weight (spopt ``MCLP``);
- ``lscp``: the fewest new sites that cover all demand with weight > 0 (spopt ``LSCP``);
- ``pmedian``: the ``k`` new sites with the lowest weighted mean distance to the
  nearest open site (spopt ``PMedian``).

Engines. spopt's ``from_cost_matrix`` needs a dense demand × candidate cost matrix and
writes every coverage row over all candidates, zero coefficients included, in Python.
Measured on this machine (2 cores): 1,000 × 300 builds in 2.3 s, 2,000 × 600 in 6.8 s,
and national scale (10,000 × 3,000 = 30 M pairs, float32 costs) in 201 s for the build
alone (solve 0.9 s, peak 619 MB), over the 120 s target. So MCLP and LSCP use spopt up
to ``SPOPT_MAX_PAIRS`` demand × candidate pairs and above that the same model built
directly in PuLP from a KD-tree neighbour list (``scipy.spatial.cKDTree``): only pairs
within the radius are written and no dense matrix is held (national MCLP: ≈ 2 s in
``bench/siting.py``). p-median needs one assignment variable per pair (spopt
``PMedian``: 250,000 pairs took 24 s), so it is refused above ``PMEDIAN_MAX_PAIRS``.
Coverage, distances and ``coverage_by_site`` in the result are always computed with
KD-trees, whichever engine solved. The solvers run with a relative gap of 0 (proven
optimum); a run stopped by the time limit reports its best solution as "Feasible".
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.errors import BadInput


class _OnUse:
    """A module imported on first use: PuLP and SciPy weigh ~30 MB in every server process
    that never sites anything."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)


pulp = _OnUse("pulp")
_spatial = _OnUse("scipy.spatial")
_distance = _OnUse("scipy.spatial.distance")


def cKDTree(*args, **kwargs):
    return _spatial.cKDTree(*args, **kwargs)


def cdist(*args, **kwargs):
    return _distance.cdist(*args, **kwargs)


__all__ = [
    "MODELS",
    "SOLVERS",
    "BadRadius",
    "BadSitingInput",
    "NoDemand",
    "ProblemTooLarge",
    "SitingError",
    "SitingResult",
    "SolverGaveUp",
    "TooFewSites",
    "TooManySites",
    "UncoverableDemand",
    "siting_solve",
]

MODELS = ("mclp", "lscp", "pmedian")
SOLVERS = ("highs", "cbc")
SPOPT_MAX_PAIRS = 1_000_000
PMEDIAN_MAX_PAIRS = 250_000

Progress = Callable[[str, float], object]


class SitingError(BadInput):
    """A siting request that cannot be answered as asked (400).

    ``params`` are the figures the message names, so a page can word it in its own
    language (``frontend.planning.siting_run``); the message itself is English.
    """

    code = "siting_refused"

    def __init__(self, message: str = "", **params) -> None:
        super().__init__(message)
        self.params = params


class BadSitingInput(SitingError):
    """Unknown model or solver, arrays of the wrong shape, or a radius that is not > 0."""

    code = "siting_bad_input"


class BadRadius(BadSitingInput):
    """A service radius that is not a finite number of metres above 0."""

    code = "bad_radius"


class TooFewSites(SitingError):
    """MCLP or p-median asked for fewer than one new site."""

    code = "too_few_sites"


class TooManySites(SitingError):
    """More new sites asked for than there are free candidates."""

    code = "too_many_sites"


class NoDemand(SitingError):
    """Every demand weight is 0."""

    code = "no_demand"


class UncoverableDemand(SitingError):
    """LSCP: some demand lies beyond the radius of every candidate."""

    code = "uncoverable_demand"


class ProblemTooLarge(SitingError):
    """p-median with more demand × candidate pairs than can be solved in time."""

    code = "siting_too_large"


class SolverGaveUp(SitingError):
    """The solver found no solution within the time limit."""

    code = "solver_gave_up"


@dataclass(frozen=True)
class SitingResult:
    """The chosen new sites and what they change.

    ``new_sites`` and the keys of ``coverage_by_site`` index the candidates; the lists
    in ``coverage_by_site`` index the demand points within the radius of that site
    (all of them, weight 0 included). ``covered_*`` are covered weights;
    ``mean_distance_*`` are weight-averaged distances in metres to the nearest open
    site (``None`` before when there is no existing site).
    """

    model: str
    status: str
    new_sites: list[int]
    covered_before: float
    covered_after: float
    total_weight: float
    coverage_by_site: dict[int, list[int]]
    mean_distance_before: float | None
    mean_distance_after: float
    seconds: float
    engine: str


def _metres(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _check(*, model, solver, demand_xy, weights, candidate_xy, fixed, radius_m, k) -> None:
    if model not in MODELS:
        raise BadSitingInput(f"Unknown model “{model}”: use one of {', '.join(MODELS)}.")
    if solver not in SOLVERS:
        raise BadSitingInput(f"Unknown solver “{solver}”: use one of {', '.join(SOLVERS)}.")
    n, m = len(demand_xy), len(candidate_xy)
    if demand_xy.shape != (n, 2) or candidate_xy.shape != (m, 2):
        raise BadSitingInput(
            f"Coordinates must be arrays of shape (n, 2) in metres (got demand "
            f"{demand_xy.shape} and candidates {candidate_xy.shape})."
        )
    if weights.shape != (n,) or fixed.shape != (m,):
        raise BadSitingInput(
            f"Give one weight per demand point and one fixed flag per candidate (got "
            f"{weights.shape[0] if weights.ndim else 0} weights for {n} points and "
            f"{fixed.shape[0] if fixed.ndim else 0} flags for {m} candidates)."
        )
    if not (np.isfinite(demand_xy).all() and np.isfinite(candidate_xy).all()):
        raise BadSitingInput("Every coordinate must be a finite number of metres.")
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise BadSitingInput("Every demand weight must be a finite number ≥ 0.")
    if not (np.isfinite(radius_m) and radius_m > 0):
        raise BadRadius(
            f"The service radius must be more than 0 m (got {_metres(radius_m)} m).", radius=radius_m
        )
    if model != "lscp":
        if k is None or k < 1:
            raise TooFewSites(f"Choose at least 1 new site (got {k if k is not None else 'none'}).", k=k)
        free = m - int(fixed.sum())
        if k > free:
            raise TooManySites(
                f"Cannot choose {_plural(k, 'new site')} from {_plural(free, 'candidate')} "
                "that are not already sites: lower k or add candidates.",
                k=k,
                free=free,
            )
    if weights.sum() <= 0:
        raise NoDemand("There is no demand to cover: every demand weight is 0 for this period and indicator.")


def _solver(*, solver: str, time_limit_s: float):
    if solver == "cbc":
        return pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit_s, gapRel=0)
    return pulp.HiGHS(msg=False, timeLimit=time_limit_s, gapRel=0)


def _sparse_model(*, model, neighbours, weights, m, fixed, k) -> tuple[pulp.LpProblem, list]:
    """MCLP or LSCP as spopt writes them, with only the pairs within the radius."""
    sense = pulp.LpMaximize if model == "mclp" else pulp.LpMinimize
    problem = pulp.LpProblem(model, sense)
    y = [
        problem.add_variable(f"y_{j}", lowBound=int(fixed[j]), upBound=1, cat=pulp.LpInteger)
        for j in range(m)
    ]
    if model == "lscp":
        problem += pulp.lpSum(y)
        for near in neighbours:
            problem += pulp.LpAffineExpression([(y[j], 1) for j in near]) >= 1
        return problem, y
    x = [
        problem.add_variable(f"x_{i}", lowBound=0, upBound=1, cat=pulp.LpInteger)
        for i in range(len(neighbours))
    ]
    problem += pulp.LpAffineExpression([(x[i], float(w)) for i, w in enumerate(weights)])
    for i, near in enumerate(neighbours):
        problem += pulp.LpAffineExpression([(y[j], 1) for j in near] + [(x[i], -1)]) >= 0
    problem += pulp.lpSum(y) == k + int(fixed.sum())
    return problem, y


def _spopt_model(*, model, demand_xy, weights, candidate_xy, fixed, radius_m, k):
    # Imported here: spopt pulls in libpysal and pointpats (~1.5 s), which every
    # process that merely imports this module (each manage.py command) should not pay.
    from spopt.locate import LSCP, MCLP, PMedian

    cost = cdist(demand_xy, candidate_xy)
    fixed_arr = fixed.astype(int)
    if model == "mclp":
        return MCLP.from_cost_matrix(
            cost, weights, radius_m, p_facilities=k + int(fixed.sum()), predefined_facilities_arr=fixed_arr
        )
    if model == "lscp":
        return LSCP.from_cost_matrix(cost, radius_m, predefined_facilities_arr=fixed_arr)
    return PMedian.from_cost_matrix(
        cost, weights, p_facilities=k + int(fixed.sum()), predefined_facilities_arr=fixed_arr
    )


def _status(problem: pulp.LpProblem) -> str:
    if problem.status == pulp.LpStatusOptimal and problem.sol_status == pulp.LpSolutionIntegerFeasible:
        return "Feasible (time limit reached before proving optimal)"
    return pulp.LpStatus[problem.status]


def _covered(*, neighbours, weights, is_open: np.ndarray) -> float:
    return float(sum(w for near, w in zip(neighbours, weights, strict=True) if is_open[near].any()))


def _mean_distance(*, demand_xy, weights, sites_xy) -> float | None:
    if len(sites_xy) == 0:
        return None
    distances, _ = cKDTree(sites_xy).query(demand_xy, k=1)
    return float(np.dot(distances, weights) / weights.sum())


def siting_solve(
    *,
    model: str,
    demand_xy: np.ndarray,
    weights: np.ndarray,
    candidate_xy: np.ndarray,
    fixed: np.ndarray,
    radius_m: float,
    k: int | None = None,
    solver: str = "highs",
    time_limit_s: float = 110,
    progress: Progress | None = None,
) -> SitingResult:
    """Choose new sites among the candidates with ``model`` (see the module docstring).

    ``k`` is the number of NEW sites for MCLP and p-median (ignored by LSCP).
    ``progress(step, fraction)`` is called as the work goes on. Raises a
    ``SitingError`` subclass for a request that cannot be answered.
    """
    started = time.perf_counter()

    def step(name: str, fraction: float) -> None:
        if progress is not None:
            progress(name, fraction)

    demand_xy = np.asarray(demand_xy, dtype=float)
    weights = np.asarray(weights, dtype=float)
    candidate_xy = np.asarray(candidate_xy, dtype=float)
    fixed = np.asarray(fixed, dtype=bool)
    _check(
        model=model, solver=solver, demand_xy=demand_xy, weights=weights,
        candidate_xy=candidate_xy, fixed=fixed, radius_m=radius_m, k=k,
    )  # fmt: skip
    m = len(candidate_xy)
    positive = np.flatnonzero(weights > 0)
    d_xy, w = demand_xy[positive], weights[positive]

    step("distances", 0.0)
    neighbours = [
        np.asarray(near, dtype=int) for near in cKDTree(candidate_xy).query_ball_point(d_xy, r=radius_m)
    ]
    if model == "lscp":
        stranded = sum(1 for near in neighbours if len(near) == 0)
        if stranded:
            raise UncoverableDemand(
                f"Demand at {_plural(stranded, 'point')} is farther than {_metres(radius_m)} m from every "
                "candidate, so no set of sites can cover all of it: "
                "add candidates near them or enlarge the radius.",
                n=stranded,
                radius=radius_m,
            )
    pairs = len(positive) * m
    if model == "pmedian" and pairs > PMEDIAN_MAX_PAIRS:
        raise ProblemTooLarge(
            f"p-median with {len(positive):,} demand points × {m:,} candidates needs {pairs:,} assignment "
            f"variables, more than the {PMEDIAN_MAX_PAIRS:,} it can solve in time: use MCLP, or fewer "
            "demand points or candidates (e.g. one district).",
            points=len(positive),
            candidates=m,
            pairs=pairs,
            limit=PMEDIAN_MAX_PAIRS,
        )

    step("model", 0.2)
    engine = "spopt" if model == "pmedian" or pairs <= SPOPT_MAX_PAIRS else "pulp-sparse"
    if engine == "spopt":
        built = _spopt_model(
            model=model,
            demand_xy=d_xy,
            weights=w,
            candidate_xy=candidate_xy,
            fixed=fixed,
            radius_m=radius_m,
            k=k,
        )
        problem, y = built.problem, built.fac_vars
    else:
        problem, y = _sparse_model(model=model, neighbours=neighbours, weights=w, m=m, fixed=fixed, k=k)

    step("solve", 0.4)
    problem.solve(_solver(solver=solver, time_limit_s=time_limit_s))
    if problem.status != pulp.LpStatusOptimal:
        raise SolverGaveUp(
            f"The solver found no solution ({pulp.LpStatus[problem.status]}) within {time_limit_s:g} s: "
            "lower k, use fewer candidates, or allow more time.",
            status=pulp.LpStatus[problem.status],
            seconds=time_limit_s,
        )

    step("result", 0.9)
    is_open = np.array([(v.value() or 0) > 0.5 for v in y]) | fixed
    new_sites = [int(j) for j in np.flatnonzero(is_open & ~fixed)]
    demand_tree = cKDTree(demand_xy)
    coverage_by_site = {
        j: sorted(int(i) for i in demand_tree.query_ball_point(candidate_xy[j], r=radius_m))
        for j in new_sites
    }
    result = SitingResult(
        model=model,
        status=_status(problem),
        new_sites=new_sites,
        covered_before=_covered(neighbours=neighbours, weights=w, is_open=fixed),
        covered_after=_covered(neighbours=neighbours, weights=w, is_open=is_open),
        total_weight=float(w.sum()),
        coverage_by_site=coverage_by_site,
        mean_distance_before=_mean_distance(demand_xy=d_xy, weights=w, sites_xy=candidate_xy[fixed]),
        mean_distance_after=_mean_distance(demand_xy=d_xy, weights=w, sites_xy=candidate_xy[is_open]),
        seconds=round(time.perf_counter() - started, 3),
        engine=engine,
    )
    step("done", 1.0)
    return result
