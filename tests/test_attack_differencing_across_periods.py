"""Attack (issue 21, item 2): the public view and the risk map could be differenced across
periods and levels: July 7, August 6, September "<5" and the third quarter 17 give
September 4. A period's months and its quarter, 9 months and year totals form a group, as
sibling communes do, and a district's figure with its communes' (``monitoring.disclosure``)."""

import json

import pytest

from tests import factories, time_groups_world
from tests.time_groups_world import derivable

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return time_groups_world.build()


def test_the_public_view_gives_no_month_back_from_its_quarter(client, world):
    shown = time_groups_world.read_public_page(client)
    assert shown[("742", "2026-09")] == "<5"
    assert derivable(shown) == []


def test_the_risk_map_gives_no_month_back_from_its_quarter_nor_a_commune_from_its_district(client, world):
    client.force_login(factories.role_user("leader-74", "leader", areas=[world["province"]]))
    communes = time_groups_world.read_risk_map(client)
    districts = time_groups_world.read_risk_map(client, level="district")
    assert communes[("74201", "2026-09")] == "<5" and communes[("74101", "2026-09")] == "<5"
    shown = communes | districts
    assert derivable(shown, parts={"741": ["74101", "74102"], "742": ["74201"]}) == []


def test_a_reader_with_exact_counts_sees_every_period_exactly(client, world):
    client.force_login(factories.role_user("reporter-74", "reporter", areas=[world["province"]]))
    shown = time_groups_world.read_risk_map(client)
    assert [shown[("74201", p)] for p in ("2026-07", "2026-08", "2026-09", "2026-Q3")] == [7, 6, 4, 17]


def _summary(client, period: str, district: str) -> tuple[object, dict]:
    url = f"/maps/risk/?measure=count:{time_groups_world.INDICATOR}&period={period}&district={district}"
    page = client.get(url).content.decode()
    total = page.split('id="summary-total">')[1].split("<")[0].strip()
    charts = json.loads(page.split('id="risk-charts"')[1].split(">", 1)[1].split("</script>")[0])
    months = {
        label.split(" ")[0]: value
        for label, value in zip(charts["trend"]["labels"], charts["trend"]["values"], strict=True)
    }
    return time_groups_world._figure(total), months


def test_the_summary_of_a_district_gives_no_month_back_from_its_quarter(client, world):
    client.force_login(factories.role_user("leader-74", "leader", areas=[world["province"]]))
    total, months = _summary(client, "2026-Q3", "742")
    shown = {("742", "2026-Q3"): total}
    for month, key in (("07/2026", "2026-07"), ("08/2026", "2026-08"), ("09/2026", "2026-09")):
        value = months[month]
        shown[("742", key)] = "hidden" if value is None else int(value)
    assert shown[("742", "2026-09")] == "hidden"
    assert derivable(shown) == []
