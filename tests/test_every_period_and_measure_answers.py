"""Every period × measure of the demo gets an answer from the risk map, never a 500.

A period without figures, a period that has not begun, or a change whose comparison
period has no figures is corrected on the page with a message, and refused by the file
exports with a 400 that says why (they make files only for what was asked)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from geo.models import AdminUnit, UserArea
from monitoring.demo.figures import LAST_MONTH, MONTHS

pytestmark = pytest.mark.django_db

FIRST_YEAR = LAST_MONTH.year - MONTHS // 12  # 2023: the demo starts in its November
KINDS = ("classification", "risk", "count", "rate", "eb_rate", "hotspots", "change", "change_yoy")
INDICATORS = ("hotspots", "methadone")  # one plain, one sensitive


def _periods() -> list[str]:
    months = [f"{y}-{m:02d}" for y in range(FIRST_YEAR, LAST_MONTH.year + 2) for m in range(1, 13)]
    quarters = [f"{y}-Q{q}" for y in range(FIRST_YEAR, LAST_MONTH.year + 2) for q in range(1, 5)]
    years = [str(y) for y in range(FIRST_YEAR - 1, LAST_MONTH.year + 2)]
    return months + quarters + years


def _measures() -> list[str]:
    plain = ["classification", "risk"]
    return plain + [f"{kind}:{code}" for kind in KINDS if kind not in plain for code in INDICATORS]


@pytest.fixture
def leader(client, demo_province):
    user = get_user_model().objects.create_user("walker", password="pw-for-tests")
    user.groups.add(Group.objects.get(name="leader"))
    province = AdminUnit.current.get(level="province", is_demo=True)
    UserArea.objects.create(user=user, unit=province)
    client.force_login(user)
    return client


def test_every_period_and_measure_of_the_export_is_a_file_or_a_400_with_reasons(leader):
    seen = {200: 0, 400: 0}
    for period in _periods():
        for measure in _measures():
            response = leader.get("/maps/risk/export.geojson", {"period": period, "measure": measure})
            assert response.status_code in seen, (period, measure, response.status_code)
            seen[response.status_code] += 1
            if response.status_code == 400:
                assert response.json()["code"] == "query_corrected", (period, measure)
    # both outcomes occur: the walk crosses the start and the end of the data
    assert seen[200] > 300 and seen[400] > 100, seen


@pytest.mark.parametrize("measure", _measures())
@pytest.mark.parametrize("period", [f"{FIRST_YEAR}-01", f"{FIRST_YEAR}", f"{FIRST_YEAR + 1}-03", "2099-01"])
def test_the_page_corrects_a_period_or_comparison_without_figures_with_a_message(leader, period, measure):
    response = leader.get("/maps/risk/", {"period": period, "measure": measure})
    assert response.status_code == 200
    page = response.content.decode()
    if period == "2099-01" and measure != "classification":
        assert "2099-01" in page and ("chưa bắt đầu" in page or "has not begun" in page)


def test_a_change_against_a_year_without_figures_says_so_and_shows_the_count(leader):
    # November of the first demo year has figures; the November before it has none.
    first = f"{FIRST_YEAR}-11"
    response = leader.get(
        "/maps/risk/export.geojson", {"period": first, "measure": "change_yoy:illegal_users"}
    )
    assert response.status_code == 400
    assert f"{FIRST_YEAR - 1}-11" in response.json()["detail"]
    page = leader.get(
        "/maps/risk/", {"period": first, "measure": "change_yoy:illegal_users"}
    ).content.decode()
    assert f"{FIRST_YEAR - 1}-11" in page
    ok = leader.get("/maps/risk/export.geojson", {"period": first, "measure": "count:illegal_users"})
    assert ok.status_code == 200 and ok.json()["features"]


def test_the_commune_panel_and_picture_answer_for_a_month_without_figures(leader):
    code = AdminUnit.current.filter(level="commune", is_demo=True).values_list("code", flat=True).first()
    panel = leader.get(f"/maps/risk/commune/{code}.json", {"period": f"{FIRST_YEAR}-01"})
    assert panel.status_code == 200
    picture = leader.get("/maps/risk/map.png", {"period": f"{FIRST_YEAR}-01"})
    assert picture.status_code == 400 and "2023-01" in picture.content.decode()
