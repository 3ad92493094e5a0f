"""A unit's yearly figure per indicator: a stock is the latest reported month's value,
a flow is the sum over the year; one query for all units."""

import datetime

import pytest

from monitoring.criteria.selectors import yearly_figures
from monitoring.models import CaseCount, Indicator
from tests import factories

pytestmark = pytest.mark.django_db


def square(x: float) -> str:
    return f"POLYGON(({x} 10, {x + 0.01} 10, {x + 0.01} 10.01, {x} 10.01, {x} 10))"


def report(unit, code, monthly: dict[tuple[int, int], int]) -> None:
    indicator = Indicator.objects.get(code=code)
    CaseCount.objects.bulk_create(
        CaseCount(unit=unit, period=datetime.date(year, month, 1), indicator=indicator, value=value)
        for (year, month), value in monthly.items()
    )


@pytest.fixture
def communes():
    return factories.unit("81001", square(105)), factories.unit("81002", square(105.02))


def test_a_stock_is_the_december_value_not_the_sum(communes):
    first, _ = communes
    report(first, "illegal_users", {(2025, month): month + 10 for month in range(1, 13)})
    assert yearly_figures(units=[first], year=2025) == {first.pk: {"illegal_users": 22}}


def test_a_stock_is_the_latest_month_the_unit_reported_that_year(communes):
    first, _ = communes
    report(first, "hotspots", {(2025, 3): 4, (2025, 10): 2, (2026, 1): 9})
    assert yearly_figures(units=[first], year=2025) == {first.pk: {"hotspots": 2}}


def test_a_flow_is_the_sum_over_the_year(communes):
    first, _ = communes
    report(first, "offenders_arrested", {(2024, 12): 5, (2025, 1): 1, (2025, 6): 2, (2025, 12): 3})
    assert yearly_figures(units=[first], year=2025) == {first.pk: {"offenders_arrested": 6}}


def test_all_units_come_from_one_query_and_silent_units_are_absent(communes, django_assert_num_queries):
    first, second = communes
    silent = factories.unit("81003", square(105.04))
    report(first, "drug_crop_area_destroyed", {(2025, 2): 300, (2025, 8): 500})
    report(second, "illegal_users", {(2025, 11): 7, (2025, 12): 6})
    report(second, "drug_plants_destroyed", {(2025, 4): 1000})
    with django_assert_num_queries(1):
        figures = yearly_figures(units=[first, second, silent], year=2025)
    assert figures == {
        first.pk: {"drug_crop_area_destroyed": 800},
        second.pk: {"illegal_users": 6, "drug_plants_destroyed": 1000},
    }
