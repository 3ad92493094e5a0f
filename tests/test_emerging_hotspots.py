"""Emerging hot spots: each category of ArcGIS's Emerging Hot Spot Analysis on a
hand-made series of twelve periods, and its cold counterpart on the mirrored series."""

import pytest

from monitoring.figures.hotspots.emerging import CATEGORIES, emerging_category, trend

N = 12


def series(hot_at=(), cold_at=(), z=None):
    """Flags from the periods given; z-scores that agree with them unless given."""
    hot = [i in hot_at for i in range(N)]
    cold = [i in cold_at for i in range(N)]
    if z is None:
        z = [
            2.8 if h else -2.8 if c else 0.2 * (-1) ** i
            for i, (h, c) in enumerate(zip(hot, cold, strict=True))
        ]
    return {"z": z, "hot": hot, "cold": cold}


EVERY = range(N)
CASES = {
    "new_hot": series(hot_at={11}),
    "consecutive_hot": series(hot_at={9, 10, 11}),
    "intensifying_hot": series(hot_at=EVERY, z=[2.0 + 0.4 * i for i in EVERY]),
    "persistent_hot": series(hot_at=EVERY, z=[3.0, 2.7, 3.2, 2.8, 3.1, 2.9, 3.0, 2.7, 3.2, 2.8, 3.1, 2.9]),
    "diminishing_hot": series(hot_at=EVERY, z=[7.0 - 0.4 * i for i in EVERY]),
    "sporadic_hot": series(hot_at={2, 5, 11}),
    "oscillating_hot": series(hot_at={3, 11}, cold_at={6}),
    "historical_hot": series(hot_at=set(range(11))),
    "no_pattern": series(hot_at={4}, cold_at={8}),
}


def mirror(case):
    return {"z": [-v for v in case["z"]], "hot": case["cold"], "cold": case["hot"]}


@pytest.mark.parametrize("category", CASES)
def test_each_hot_category_on_its_series(category):
    assert emerging_category(**CASES[category]) == category


@pytest.mark.parametrize("category", [c for c in CASES if c != "no_pattern"])
def test_each_cold_category_on_the_mirrored_series(category):
    assert emerging_category(**mirror(CASES[category])) == category.replace("_hot", "_cold")


def test_every_category_is_covered_by_a_case():
    covered = set(CASES) | {c.replace("_hot", "_cold") for c in CASES}
    assert covered == set(CATEGORIES)


def test_consecutive_needs_no_earlier_spot_and_new_needs_none_at_all():
    assert emerging_category(**series(hot_at={1, 10, 11})) == "sporadic_hot"
    assert emerging_category(**series(hot_at={1, 11})) == "sporadic_hot"


def test_the_trend_is_mann_kendall():
    assert trend([1, 2, 3, 4, 5, 6]) == "increasing"
    assert trend([6, 5, 4, 3, 2, 1]) == "decreasing"
    assert trend([1, 3, 2, 3, 1, 2]) == "no trend"


def test_series_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="same non-zero length"):
        emerging_category(z=[1.0], hot=[True, False], cold=[False])


def test_the_doctest_of_the_module_holds():
    import doctest

    from monitoring.figures.hotspots import emerging

    assert doctest.testmod(emerging).failed == 0


def test_an_untested_period_is_no_spot_and_no_point_in_the_trend():
    z = [3.0 + 0.3 * i for i in range(N)]
    z[4] = None
    hot = [v is not None for v in z]
    assert emerging_category(z=z, hot=hot, cold=[False] * N) == "intensifying_hot"  # 11 of 12 ≥ 90 %
    z[7], hot[7] = None, False
    assert emerging_category(z=z, hot=hot, cold=[False] * N) == "sporadic_hot"  # 10 of 12
    assert emerging_category(z=[None] * 11 + [3.0], hot=[False] * 11 + [True], cold=[False] * N) == "new_hot"
