"""Class breaks for each method on known inputs (mapclassify), and the risk score."""

import pytest

from monitoring.figures.classify import class_breaks, class_of
from monitoring.figures.risk_score import RiskInputs, border_proximity, percentile_ranks, risk_scores

VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 100]


def test_quantiles_put_the_same_number_of_units_in_each_class():
    breaks = class_breaks(VALUES, method="quantiles", k=4)
    assert breaks.bounds == (4.75, 9.5, 14.25, 100.0)
    assert breaks.counts == (5, 5, 5, 5)


def test_equal_intervals_split_the_range_evenly():
    breaks = class_breaks(VALUES, method="equal_interval", k=4)
    assert breaks.bounds == (25.0, 50.0, 75.0, 100.0)
    assert breaks.counts == (19, 0, 0, 1)


def test_natural_breaks_isolate_the_outlier():
    breaks = class_breaks(VALUES, method="natural_breaks", k=2)
    assert breaks.bounds == (18.0, 100.0)
    assert breaks.counts == (19, 1)


def test_no_data_never_enters_the_breaks_and_is_counted_apart():
    breaks = class_breaks([None, 0, 0, 5, None], method="quantiles", k=5)
    assert breaks.no_data == 2
    assert breaks.bounds == (0.0, 5.0)  # fewer distinct values than classes
    assert breaks.counts == (2, 1)
    assert class_of(None, breaks) is None
    assert class_of(0, breaks) == 0


def test_zero_and_no_data_are_different():
    breaks = class_breaks([0, 3, None], method="equal_interval", k=2)
    assert class_of(0, breaks) == 0
    assert class_of(None, breaks) is None


def test_an_unknown_method_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="Unknown classification method “magic”: use one of quantiles"):
        class_breaks([1, 2], method="magic")


def test_percentile_ranks_share_ties_and_skip_missing():
    assert percentile_ranks([10, 20, 20, None, 40]) == [0.0, 0.5, 0.5, None, 1.0]


def test_border_proximity_falls_to_zero_at_twenty_km():
    assert border_proximity(is_border=True, distance_m=0) == 1.0
    assert border_proximity(is_border=False, distance_m=5_000) == 0.75
    assert border_proximity(is_border=False, distance_m=25_000) == 0.0


def test_risk_score_follows_the_written_formula():
    rows = [
        RiskInputs(
            users_per_10k=1, offenders_per_10k=0, hotspots=0, border_distance_m=40_000, is_border=False
        ),
        RiskInputs(users_per_10k=9, offenders_per_10k=3, hotspots=2, border_distance_m=0, is_border=True),
        RiskInputs(
            users_per_10k=None, offenders_per_10k=1, hotspots=1, border_distance_m=10_000, is_border=False
        ),
    ]
    # Second commune: highest on every ranked figure and on the border -> 100.
    # First: lowest everywhere, far from the border -> 0. Third: no users figure -> None.
    assert risk_scores(rows) == [0.0, 100.0, None]
