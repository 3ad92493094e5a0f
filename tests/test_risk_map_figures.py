"""Risk map figures on hand-made communes: totals equal the sum of communes, rates per
10,000, stock and flow over a quarter, changes, district aggregation, classes."""

import datetime

import pytest
from django.utils import translation

from frontend.risk_map.choropleth import choropleth_build
from frontend.risk_map.query import risk_query_parse
from geo.models import Level
from monitoring.figures.measures import Measure
from monitoring.figures.periods import Period
from monitoring.figures.summary import province_summary
from monitoring.figures.values import measure_values, units_for_map
from monitoring.models import CaseCount, Classification, Indicator
from tests import factories

pytestmark = pytest.mark.django_db


def square(x0, y0, size=0.01):
    x1, y1 = x0 + size, y0 + size
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


@pytest.fixture
def province():
    """Province 70: district 701 with communes A, B; district 702 with commune C."""
    p = factories.unit("70", square(104, 9, 0.03), level=Level.PROVINCE, kind="")
    d1 = factories.unit("701", square(104, 9, 0.02), level=Level.DISTRICT, kind="", parent=p)
    d2 = factories.unit("702", square(104.02, 9, 0.01), level=Level.DISTRICT, kind="", parent=p)
    a = factories.unit("70001", square(104, 9), parent=d1, population=10_000)
    b = factories.unit("70002", square(104.01, 9), parent=d1, population=5_000)
    c = factories.unit("70003", square(104.02, 9), parent=d2, population=20_000)
    users = Indicator.objects.get(code="illegal_users")
    offenders = Indicator.objects.get(code="offenders_arrested")
    rows = {  # (unit, month): (users, offenders)
        (a, 7): (10, 1),
        (a, 8): (12, 2),
        (a, 9): (14, 0),
        (b, 7): (3, 0),
        (b, 8): (4, 1),
        (b, 9): (5, 1),
        (c, 7): (20, 2),
        (c, 8): (18, 0),  # C did not report in September
    }
    for (unit, month), (u, o) in rows.items():
        period = datetime.date(2026, month, 1)
        CaseCount.objects.create(unit=unit, period=period, indicator=users, value=u)
        CaseCount.objects.create(unit=unit, period=period, indicator=offenders, value=o)
    CaseCount.objects.create(unit=a, period=datetime.date(2025, 9, 1), indicator=users, value=20)
    return {"province": p, "a": a, "b": b, "c": c, "users": users, "offenders": offenders}


def values(measure, period, parent=None):
    units = [u for u in units_for_map(level="commune") if u.code.startswith("700")]
    result = measure_values(measure=Measure.parse(measure), period=Period.parse(period), units=units)
    return {u.code: result[u.id] for u in units}


def test_a_month_shows_each_communes_count(province):
    assert values("count:illegal_users", "2026-09") == {"70001": 14.0, "70002": 5.0, "70003": None}


def test_a_quarter_takes_the_last_reported_month_of_a_stock(province):
    assert values("count:illegal_users", "2026-Q3") == {"70001": 14.0, "70002": 5.0, "70003": 18.0}


def test_a_quarter_sums_a_flow(province):
    assert values("count:offenders_arrested", "2026-Q3") == {"70001": 3.0, "70002": 2.0, "70003": 2.0}


def test_rate_is_per_ten_thousand_residents(province):
    assert values("rate:illegal_users", "2026-08") == {"70001": 12.0, "70002": 8.0, "70003": 9.0}


def test_change_against_the_previous_period_and_last_year(province):
    assert values("change:illegal_users", "2026-09") == {"70001": 2.0, "70002": 1.0, "70003": None}
    assert values("change_yoy:illegal_users", "2026-09") == {"70001": -6.0, "70002": None, "70003": None}


def test_summary_totals_equal_the_sum_of_communes(province):
    units = [u for u in units_for_map(level="commune") if u.code.startswith("700")]
    summary = province_summary(
        indicator=province["users"], period=Period.parse("2026-Q3"), units=units, group_by_parent=True
    )
    assert summary.indicator_total == 14 + 5 + 18
    assert summary.communes_reporting == 3
    assert summary.population == 35_000
    assert dict((code, v) for code, _, v in summary.by_parent) == {"701": 19.0, "702": 18.0}
    assert summary.indicator_total == sum(v for _, _, v in summary.by_parent)
    assert [v for _, v in summary.trend] == [20.0, 33.0, 34.0, 19.0]  # 2025-09, then Jul–Sep 2026


def test_drug_free_share_counts_the_class_in_force(province):
    Classification.objects.create(unit=province["a"], year=2025, scheme="qd28_2025", drug_class="drug_free")
    Classification.objects.create(unit=province["b"], year=2024, scheme="qd3122_2010", drug_class="type_1")
    units = [u for u in units_for_map(level="commune") if u.code.startswith("700")]
    summary = province_summary(
        indicator=province["users"], period=Period.parse("2026-09"), units=units, group_by_parent=True
    )
    assert summary.class_counts["drug_free"] == 1
    assert summary.class_counts["type_1"] == 1
    assert summary.class_counts["no_data"] == 1
    assert summary.drug_free_share == pytest.approx(33.3)


def test_district_rates_come_from_summed_counts_not_averaged_rates(province):
    query = risk_query_parse(
        {"period": "2026-08", "measure": "rate:illegal_users", "level": "district"},
        today=datetime.date(2026, 11, 22),
    )
    layer = choropleth_build(query)
    by_code = {u.code: layer.values[u.id] for u in layer.units}
    assert by_code["701"] == round((12 + 4) / 15_000 * 10_000, 2)
    assert by_code["702"] == 9.0


def test_drilling_into_a_district_shows_only_its_communes(province):
    query = risk_query_parse(
        {"period": "2026-08", "measure": "count:illegal_users", "district": "701"},
        today=datetime.date(2026, 11, 22),
    )
    layer = choropleth_build(query)
    assert [f["properties"]["code"] for f in layer.collection["features"]] == ["70001", "70002"]
    assert sum(e.count for e in layer.legend) == 2


def test_bad_parameters_fall_back_to_defaults_with_messages(province):
    with translation.override("en"):
        query = risk_query_parse(
            {
                "period": "2026-13",
                "measure": "rate:nonsense",
                "method": "magic",
                "classes": "40",
                "district": "999",
            },
            today=datetime.date(2026, 11, 22),
        )
    assert query.messages == (
        "“2026-13” is not a period: write a month as 2026-10, a quarter as 2026-Q3, six months as 2026-6M, "
        "nine months as 2026-9M or a year as 2026.",
        "Unknown indicator “nonsense”.",
        "Unknown classification method “magic”.",
        "The number of classes must be between 2 and 9.",
        "Unknown district code “999”.",
    )
    assert (query.measure.key(), query.method, query.classes, query.district) == (
        "rate:illegal_users",
        "quantiles",
        5,
        None,
    )
