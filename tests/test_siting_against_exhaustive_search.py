"""The siting engine finds the same optimum as trying every combination of candidates,
on small random instances, with both engines (spopt and the sparse PuLP model) and
both solvers; its errors say exactly what was wrong."""

import itertools

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from core.errors import BadInput
from monitoring.planning import siting
from monitoring.planning.siting import (
    NoDemand,
    ProblemTooLarge,
    SitingError,
    TooFewSites,
    TooManySites,
    UncoverableDemand,
    siting_solve,
)

SEEDS = range(6)
ENGINES = ["spopt", "pulp-sparse"]
RADIUS = 6_000.0


def instance(seed: int) -> dict:
    """15 demand points (some with weight 0) and 9 candidates, 1–2 of them fixed, in 20 km²."""
    rng = np.random.default_rng(seed)
    fixed = np.zeros(9, dtype=bool)
    fixed[rng.choice(9, size=1 + seed % 2, replace=False)] = True
    return {
        "demand_xy": rng.uniform(0, 20_000, (15, 2)),
        "weights": rng.integers(0, 10, 15).astype(float),
        "candidate_xy": rng.uniform(0, 20_000, (9, 2)),
        "fixed": fixed,
    }


@pytest.fixture(params=ENGINES)
def engine(request, monkeypatch):
    if request.param == "pulp-sparse":
        monkeypatch.setattr(siting, "SPOPT_MAX_PAIRS", 0)
    return request.param


def covered_weight(data: dict, is_open: np.ndarray, radius: float) -> float:
    within = cdist(data["demand_xy"], data["candidate_xy"]) <= radius
    return float(data["weights"][within[:, is_open].any(axis=1)].sum())


def total_distance(data: dict, is_open: np.ndarray) -> float:
    nearest = cdist(data["demand_xy"], data["candidate_xy"])[:, is_open].min(axis=1)
    return float(np.dot(nearest, data["weights"]))


def opened(data: dict, combo) -> np.ndarray:
    is_open = data["fixed"].copy()
    is_open[list(combo)] = True
    return is_open


def free_combinations(data: dict, size: int):
    return itertools.combinations(np.flatnonzero(~data["fixed"]), size)


def lscp_radius(data: dict) -> float:
    """The smallest radius (plus 1 m) at which every weighted demand point can be covered."""
    positive = data["weights"] > 0
    return float(cdist(data["demand_xy"][positive], data["candidate_xy"]).min(axis=1).max()) + 1.0


def assert_result_is_consistent(data: dict, result, radius: float) -> None:
    is_open = opened(data, result.new_sites)
    assert not data["fixed"][result.new_sites].any()
    assert result.covered_before == covered_weight(data, data["fixed"], radius)
    assert result.covered_after == covered_weight(data, is_open, radius)
    assert result.total_weight == data["weights"].sum()
    weight = data["weights"].sum()
    assert result.mean_distance_before == pytest.approx(total_distance(data, data["fixed"]) / weight)
    assert result.mean_distance_after == pytest.approx(total_distance(data, is_open) / weight)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("k", [1, 2, 3])
def test_mclp_covers_as_much_weight_as_the_best_combination(seed, k, engine):
    data = instance(seed)
    result = siting_solve(model="mclp", radius_m=RADIUS, k=k, **data)
    best = max(covered_weight(data, opened(data, c), RADIUS) for c in free_combinations(data, k))
    assert (result.engine, result.status, len(result.new_sites)) == (engine, "Optimal", k)
    assert result.covered_after == best
    assert_result_is_consistent(data, result, RADIUS)


@pytest.mark.parametrize("seed", SEEDS)
def test_lscp_opens_as_few_sites_as_the_smallest_covering_combination(seed, engine):
    data = instance(seed)
    radius = lscp_radius(data)
    result = siting_solve(model="lscp", radius_m=radius, **data)
    fewest = next(
        size
        for size in range(int((~data["fixed"]).sum()) + 1)
        if any(
            covered_weight(data, opened(data, c), radius) == data["weights"].sum()
            for c in free_combinations(data, size)
        )
    )
    assert (result.engine, result.status) == (engine, "Optimal")
    assert len(result.new_sites) == fewest
    assert result.covered_after == result.total_weight
    assert_result_is_consistent(data, result, radius)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("k", [1, 2, 3])
def test_pmedian_total_weighted_distance_equals_the_best_combination(seed, k):
    data = instance(seed)
    result = siting_solve(model="pmedian", radius_m=RADIUS, k=k, **data)
    best = min(total_distance(data, opened(data, c)) for c in free_combinations(data, k))
    assert (result.engine, result.status, len(result.new_sites)) == ("spopt", "Optimal", k)
    assert result.mean_distance_after * result.total_weight == pytest.approx(best, rel=1e-9)
    assert_result_is_consistent(data, result, RADIUS)


@pytest.mark.parametrize("model", ["mclp", "lscp", "pmedian"])
def test_cbc_finds_the_same_optimum_as_highs(model):
    data = instance(3)
    radius = lscp_radius(data) if model == "lscp" else RADIUS
    highs = siting_solve(model=model, radius_m=radius, k=2, **data)
    cbc = siting_solve(model=model, radius_m=radius, k=2, solver="cbc", **data)
    assert cbc.status == "Optimal"
    assert len(cbc.new_sites) == len(highs.new_sites)
    assert cbc.covered_after == highs.covered_after
    if model == "pmedian":
        assert cbc.mean_distance_after == pytest.approx(highs.mean_distance_after, rel=1e-9)


def test_fixed_sites_are_never_returned_as_new_even_where_they_are_the_best_places(engine):
    # Two fixed sites sit on the two heaviest clusters; a free twin sits on each of them.
    demand_xy = np.array([[0, 0], [100, 0], [10_000, 0], [10_100, 0], [30_000, 0]], dtype=float)
    candidate_xy = np.array([[50, 0], [50, 0], [10_050, 0], [10_050, 0], [30_000, 0]], dtype=float)
    fixed = np.array([True, False, True, False, False])
    weights = np.array([50, 50, 40, 40, 1], dtype=float)
    for model in ("mclp", "pmedian", "lscp"):
        result = siting_solve(
            model=model,
            demand_xy=demand_xy,
            weights=weights,
            candidate_xy=candidate_xy,
            fixed=fixed,
            radius_m=500,
            k=1,
        )
        assert result.new_sites == [4], model
        assert result.covered_before == 180
        assert result.covered_after == 181


def test_coverage_by_site_lists_every_demand_point_within_the_radius_including_weight_0(engine):
    data = instance(4)
    data["weights"][[0, 1, 2]] = 0
    result = siting_solve(model="mclp", radius_m=RADIUS, k=3, **data)
    within = cdist(data["demand_xy"], data["candidate_xy"]) <= RADIUS
    assert sorted(result.coverage_by_site) == result.new_sites
    for site, points in result.coverage_by_site.items():
        assert points == [int(i) for i in np.flatnonzero(within[:, site])]


def test_progress_reports_each_step_in_order(engine):
    steps = []
    siting_solve(
        model="mclp", radius_m=RADIUS, k=2, progress=lambda s, f: steps.append((s, f)), **instance(0)
    )
    assert [s for s, _f in steps] == ["distances", "model", "solve", "result", "done"]
    assert [f for _s, f in steps] == sorted(f for _s, f in steps)


def small(**overrides) -> dict:
    rng = np.random.default_rng(7)
    fixed = np.zeros(10, dtype=bool)
    fixed[:2] = True
    kwargs = {
        "model": "mclp",
        "demand_xy": rng.uniform(0, 20_000, (6, 2)),
        "weights": np.ones(6),
        "candidate_xy": rng.uniform(0, 20_000, (10, 2)),
        "fixed": fixed,
        "radius_m": 5_000,
        "k": 2,
    }
    return kwargs | overrides


def raised(error_class, **overrides) -> str:
    with pytest.raises(error_class) as caught:
        siting_solve(**small(**overrides))
    assert isinstance(caught.value, SitingError) and isinstance(caught.value, BadInput)
    assert caught.value.http_status == 400
    return str(caught.value)


def test_a_radius_of_0_or_less_is_refused():
    assert raised(SitingError, radius_m=-5) == "The service radius must be more than 0 m (got -5 m)."


def test_more_new_sites_than_free_candidates_is_refused():
    assert raised(TooManySites, k=12) == (
        "Cannot choose 12 new sites from 8 candidates that are not already sites: lower k or add candidates."
    )


@pytest.mark.parametrize("model", ["mclp", "pmedian"])
def test_fewer_than_one_new_site_is_refused(model):
    assert raised(TooFewSites, model=model, k=0) == "Choose at least 1 new site (got 0)."


def test_demand_that_is_all_0_is_refused():
    assert raised(NoDemand, weights=np.zeros(6)) == (
        "There is no demand to cover: every demand weight is 0 for this period and indicator."
    )


def test_lscp_with_demand_beyond_the_radius_of_every_candidate_is_refused_with_the_count():
    candidate_xy = np.array([[0, 0], [1_000, 0]], dtype=float)
    demand_xy = np.array([[500, 0], [20_000, 0], [0, 30_000], [-9_000, -9_000], [90_000, 0]], dtype=float)
    weights = np.array([1, 2, 3, 4, 0], dtype=float)  # the far point with weight 0 does not count
    message = raised(
        UncoverableDemand,
        model="lscp",
        demand_xy=demand_xy,
        weights=weights,
        candidate_xy=candidate_xy,
        fixed=np.array([False, False]),
    )
    assert message == (
        "Demand at 3 points is farther than 5,000 m from every candidate, so no set of sites can cover all "
        "of it: add candidates near them or enlarge the radius."
    )


def test_pmedian_too_large_to_solve_in_time_is_refused(monkeypatch):
    monkeypatch.setattr(siting, "PMEDIAN_MAX_PAIRS", 50)
    assert raised(ProblemTooLarge, model="pmedian") == (
        "p-median with 6 demand points × 10 candidates needs 60 assignment variables, more than the 50 it "
        "can solve in time: use MCLP, or fewer demand points or candidates (e.g. one district)."
    )
