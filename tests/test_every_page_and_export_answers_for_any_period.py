"""The planning page, its outreach files, the risk map's picture and print page and the
case-count exports answer every period of the demo, every measure, and every period a
user may type (unreadable, far ahead, before the data, outside the calendar) with a page
(200) or a 400 that says why — never a 500. ``test_every_period_and_measure_answers``
walks the risk map and its GeoJSON export over every period × measure; this walk adds
the other pages and files, sampling the periods (every edge of the data, every kind) so
it stays fast."""

import datetime

import pytest
from django.utils import timezone

from monitoring.demo.figures import LAST_MONTH, MONTHS
from monitoring.models import Indicator
from tests import factories

pytestmark = pytest.mark.django_db

FIRST_YEAR = LAST_MONTH.year - MONTHS // 12
TODAY = timezone.localdate()
NEXT_MONTH = (TODAY.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
BEFORE_DATA = f"{FIRST_YEAR - 1}-12"
#: Periods at every edge of the data and of every kind: before the data, its first
#: month, its last, the next month (not begun), far ahead, a quarter and a year that
#: start before the data; then what a user may type wrong.
EDGES = [BEFORE_DATA, f"{FIRST_YEAR}-11", f"{LAST_MONTH:%Y-%m}", f"{NEXT_MONTH:%Y-%m}", "2099-01",
         f"{FIRST_YEAR}-Q4", f"{FIRST_YEAR}"]  # fmt: skip
TYPED = ["", "2026-13", "0000-01", "9999-12", "abc", "1999-12", "2026-10-01"]
PERIODS = EDGES + TYPED
RISK_MEASURES = ["classification", "risk", "count:hotspots", "rate:methadone", "change:illegal_users",
                 "change_yoy:illegal_users"]  # fmt: skip


@pytest.fixture
def leader(client, demo_province):
    client.force_login(factories.role_user("walker-pages", "leader"))
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def planner(client, demo_province):
    client.force_login(factories.role_user("walker-planner", "planner"))
    client.cookies["django_language"] = "en"
    return client


def _demands() -> list[str]:
    return ["population", *Indicator.objects.values_list("code", flat=True)]


def _answers(response, *where) -> int:
    assert response.status_code in (200, 400), (*where, response.status_code)
    return response.status_code


def test_the_planning_page_answers_every_period_and_every_demand(planner):
    for demand in _demands():
        response = planner.get("/maps/planning/", {"period": BEFORE_DATA, "demand": demand})
        assert response.status_code == 200, (demand, response.status_code)
    for period in PERIODS:
        response = planner.get("/maps/planning/", {"period": period})
        assert response.status_code == 200, (period, response.status_code)


def test_the_outreach_files_are_a_file_or_a_400_for_every_period_and_demand(planner):
    seen = {200: 0, 400: 0}
    for demand in _demands():
        response = planner.get("/maps/planning/outreach.csv", {"period": NEXT_MONTH, "demand": demand})
        seen[_answers(response, demand)] += 1
    for period in PERIODS:
        seen[_answers(planner.get("/maps/planning/outreach.csv", {"period": period}), period)] += 1
    for fmt in ("xlsx", "geojson"):
        for period in (BEFORE_DATA, "2099-01", "0000-01"):
            seen[
                _answers(planner.get(f"/maps/planning/outreach.{fmt}", {"period": period}), fmt, period)
            ] += 1
    assert seen[200] > 0, seen


def test_an_unknown_outreach_format_is_not_found(planner):
    response = planner.get("/maps/planning/outreach.pdf")
    assert response.status_code == 404
    assert "csv, xlsx, geojson" in response.content.decode()


def test_the_risk_picture_and_print_page_answer_every_measure_at_the_edges(leader):
    for measure in RISK_MEASURES:
        for period in (BEFORE_DATA, "2099-01", "0000-01"):  # a figure needs data: refused with the reason
            picture = leader.get("/maps/risk/map.png", {"period": period, "measure": measure})
            if _answers(picture, period, measure) == 400:
                assert period in picture.content.decode(), (period, measure)
            else:
                assert measure == "classification"  # the decided classes need no figures
        printed = leader.get("/maps/risk/print/", {"period": "0000-01", "measure": measure})
        assert printed.status_code == 200, (measure, printed.status_code)
    for period in (f"{FIRST_YEAR}-11", f"{FIRST_YEAR}-Q4"):  # the first figures, with and without comparison
        picture = leader.get("/maps/risk/map.png", {"period": period, "measure": "change_yoy:illegal_users"})
        _answers(picture, period)
        printed = leader.get("/maps/risk/print/", {"period": period, "measure": "change:illegal_users"})
        assert printed.status_code == 200, (period, printed.status_code)


def test_the_risk_map_and_its_export_answer_every_typed_period(leader):
    for measure in RISK_MEASURES:
        assert leader.get("/maps/risk/", {"period": "0000-01", "measure": measure}).status_code == 200
        for period in ("0000-01", "9999-12"):
            _answers(leader.get("/maps/risk/export.geojson", {"period": period, "measure": measure}), period)
    for period in TYPED:
        assert leader.get("/maps/risk/", {"period": period}).status_code == 200, period


@pytest.mark.parametrize("key", ["period", "period_from", "period_to"])
def test_the_case_count_exports_answer_every_period_filter(leader, key):
    seen = {200: 0, 400: 0}
    for period in PERIODS:
        response = leader.get("/exports/case-counts.csv", {key: period, "indicator": "illegal_users"})
        seen[_answers(response, key, period)] += 1
        if response.status_code == 400:
            assert key in response.content.decode(), (key, period)
    assert seen[200] and seen[400], seen
    xlsx = leader.get("/exports/case-counts.xlsx", {key: "2099-01"})
    assert xlsx.status_code == 400
