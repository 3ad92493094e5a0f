"""Attack (issue 21, item 1): exact small counts reached leaders and planners (no
``monitoring.view_exact_counts``) through the commune panel, ``/maps/risk/export.geojson``,
rates that give the count back with the population, the district level and the planning
demand; the panel gave establishment counts without ``monitoring.view_establishment``.
Each channel must show the cells of ``monitoring.disclosure``'s one protected table, so
no hidden figure comes back by a subtraction (``time_groups_world.derivable``)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission

from monitoring.models import CaseCount, Indicator
from tests import factories, time_groups_world
from tests.time_groups_world import INDICATOR, PERIODS, derivable

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return time_groups_world.build()


@pytest.fixture
def leader(client, world):
    user = factories.role_user("leader-74", "leader", areas=[world["province"]])
    client.force_login(user)
    return user


def test_the_panel_gives_no_establishment_counts_without_view_establishment(client, world, leader):
    factories.establishment(106.025, 8.005, name="Karaoke 74201", commune=world["communes"]["74201"])
    url = f"/maps/risk/commune/74201.json?measure=count:{INDICATOR}&period=2026-09"
    assert client.get(url).json()["establishments"] is None
    leader.user_permissions.add(Permission.objects.get(codename="view_establishment"))
    client.force_login(type(leader).objects.get(pk=leader.pk))
    assert client.get(url).json()["establishments"]["total"] == 1


def test_the_panel_series_with_the_quarter_gives_no_month_back(client, world, leader):
    url = f"/maps/risk/commune/74201.json?measure=count:{INDICATOR}&period=2026-09"
    series = {("74201", point["month"]): point["value"] for point in client.get(url).json()["series"]}
    assert series[("74201", "2026-09")] == "<5"
    shown = time_groups_world.read_risk_map(client) | series
    assert derivable(shown) == []


def test_a_rate_gives_no_count_back_with_the_population(client, world, leader):
    rates = time_groups_world.read_risk_map(client, measure="rate")
    # Population 1,000: a rate per 10,000 is ten times the count.
    counts = {cell: v if isinstance(v, str) or v is None else round(v / 10) for cell, v in rates.items()}
    assert counts[("74201", "2026-09")] == "<5"
    assert derivable(counts) == []


def test_the_district_level_gives_no_small_district_back(client, world, leader):
    districts = time_groups_world.read_risk_map(client, level="district")
    assert districts[("742", "2026-09")] == "<5"
    assert derivable(districts) == []


def test_the_planning_demand_gives_no_month_back(client, world):
    client.force_login(factories.role_user("planner-74", "planner", areas=[world["province"]]))
    shown = {}
    for period in PERIODS:
        body = {"period": period, "demand": INDICATOR}
        response = client.post("/maps/planning/coverage.json", body, content_type="application/json")
        assert response.status_code == 200, response.content
        for code, facts in response.json()["communes"].items():
            shown[(code, period)] = time_groups_world._figure(facts["demand"])
    assert shown[("74201", "2026-09")] == "<5"
    assert derivable(shown) == []


def test_the_risk_map_page_data_gives_no_month_back(client, world, leader):
    shown = {}
    for period in PERIODS:
        page = client.get(f"/maps/risk/?measure=count:{INDICATOR}&period={period}").content.decode()
        for code, display in re.findall(r'"(74[0-9]{3})": \{[^}]*"display": "([^"]*)"', page):
            shown[(code, period)] = time_groups_world._figure(display.replace("&lt;", "<"))
    assert shown[("74201", "2026-09")] == "<5"
    assert derivable(shown) == []


def test_the_criteria_lines_give_no_complementary_count_back(client):
    """A district of two communes, 3 and 20 illegal users in December 2025: 3 reads "<5",
    so 20 is hidden too (the district's 23 would give 3 back), and a share of 0.2 % of
    10,000 residents is 20 again."""
    district = factories.unit(
        "751", "POLYGON((107 8, 107.02 8, 107.02 8.01, 107 8.01, 107 8))", level="district"
    )
    users = Indicator.objects.get(code="illegal_users")
    for i, value in enumerate((3, 20)):
        commune = factories.unit(
            f"7510{i + 1}",
            f"POLYGON(({107 + i * 0.01} 8, {107.01 + i * 0.01} 8, {107.01 + i * 0.01} 8.01, {107 + i * 0.01} 8.01, {107 + i * 0.01} 8))",
            parent=district,
            population=10_000,
        )
        CaseCount.objects.create(
            unit=commune, period=datetime.date(2025, 12, 1), indicator=users, value=value
        )
    client.force_login(factories.role_user("leader-751", "leader", areas=[district]))
    lines = {}
    for code in ("75101", "75102"):
        panel = client.get(
            f"/maps/risk/commune/{code}.json?measure=count:illegal_users&period=2025-12"
        ).json()
        (proposal,) = [p for p in panel["proposals"] if p["year"] == 2025]
        lines[code] = [line for line in proposal["lines"] if line.startswith("a)")]
    assert lines["75101"] and all("<5" in line and "0,03" not in line for line in lines["75101"])
    assert lines["75102"] and all("<5" in line and "0,2" not in line for line in lines["75102"])
