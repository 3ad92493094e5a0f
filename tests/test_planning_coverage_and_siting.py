"""Planning on hand-made communes: demand at representative points, coverage and
nearest distances in metres (checked with pyproj), siting through the page's endpoint,
impossible requests, outreach exports, scenarios and promotion."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.gis.geos import Point
from openpyxl import load_workbook
from pyproj import Transformer

from frontend.planning.outreach import OutreachFilter, outreach_rows
from frontend.planning.plan import plan_query_parse, plan_state
from geo.models import AdminUnit
from monitoring.models import CaseCount, Classification, CounsellingPoint, Indicator, PlanningScenario
from tests import factories

pytestmark = pytest.mark.django_db
OCT = datetime.date(2026, 10, 1)
TODAY = datetime.date(2026, 11, 22)


def square(x0, y0, size=0.05):
    x1, y1 = x0 + size, y0 + size
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


@pytest.fixture
def area():
    """Four communes in a row east of 104°E; a counselling point in the first."""
    AdminUnit.objects.filter(is_demo=True).update(valid_to=datetime.date(2026, 1, 1))  # hide the demo
    users = Indicator.objects.get(code="illegal_users")
    communes = []
    for i, demand in enumerate([10, 20, 0, 40]):
        unit = factories.unit(f"7100{i}", square(104 + 0.05 * i, 9))
        CaseCount.objects.create(unit=unit, period=OCT, indicator=users, value=demand)
        communes.append(unit)
    Classification.objects.create(unit=communes[3], year=2026, scheme="qd28_2025", drug_class="type_1")
    CounsellingPoint.objects.create(
        name="Điểm A", location=Point(104.025, 9.025, srid=4326), status="active", opened_on=OCT
    )
    return communes


def distance_m(lon1, lat1, lon2, lat2):
    to_utm = Transformer.from_crs(4326, 3405, always_xy=True)
    x1, y1 = to_utm.transform(lon1, lat1)
    x2, y2 = to_utm.transform(lon2, lat2)
    return ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5


def test_coverage_counts_demand_within_the_radius_in_metres(area):
    state = plan_state(plan_query_parse({"period": "2026-10", "radius": "7000"}, today=TODAY), [])
    assert [p.code for p in state.demand] == ["71000", "71001", "71002", "71003"]
    for point, unit in zip(state.demand, area, strict=True):
        assert unit.geom.contains(Point(point.lon, point.lat, srid=4326))  # representative point inside
    expected = [distance_m(p.lon, p.lat, 104.025, 9.025) for p in state.demand]
    assert list(state.coverage.distance_m) == pytest.approx(expected, abs=1)
    covered = [d <= 7000 for d in expected]
    assert list(state.coverage.covered) == covered
    assert state.coverage.covered_weight == sum(w for w, c in zip([10, 20, 0, 40], covered, strict=True) if c)
    assert state.coverage.total_weight == 70


def test_a_planned_point_changes_coverage(area):
    query = plan_query_parse({"period": "2026-10", "radius": "5000"}, today=TODAY)
    before = plan_state(query, []).coverage.covered_weight
    after = plan_state(query, [{"lon": 104.175, "lat": 9.025, "label": "P"}]).coverage.covered_weight
    assert after - before == 40


@pytest.fixture
def planner(client, area):
    client.force_login(factories.role_user("planner-t", "planner"))
    return client


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_siting_through_the_endpoint_reports_before_after_and_what_each_site_covers(planner, area):
    response = post(
        planner, "/maps/planning/site.json", {"period": "2026-10", "radius": 3000, "model": "mclp", "k": 1}
    )
    result = response.json()
    assert response.status_code == 200
    assert result["status"] == "Optimal"
    assert (result["covered_before"], result["covered_after"]) == (10, 50)
    assert result["sites"][0]["covers"] == ["Xã 71003"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"model": "mclp", "k": 99}, "Cannot choose 99 new sites from 4 candidates"),
        ({"model": "mclp", "k": 1, "radius": -5}, "The service radius must be more than 0 m"),
        ({"model": "mclp", "k": 1, "period": "2019-01"}, "There is no demand to cover"),
        ({"model": "voronoi", "k": 1}, "Unknown siting model “voronoi”"),
    ],
)
def test_impossible_requests_get_a_clear_message(planner, area, body, message):
    planner.cookies["django_language"] = "en"
    response = post(planner, "/maps/planning/site.json", {"period": "2026-10", "radius": 3000} | body)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_messages_are_vietnamese_by_default(planner, area):
    response = post(
        planner, "/maps/planning/site.json", {"period": "2026-10", "radius": -5, "model": "mclp", "k": 1}
    )
    assert response.json()["detail"] == (
        "Bán kính phục vụ phải lớn hơn 0 m và không quá 200.000 m (giá trị đã nhập: “-5”)."
    )


def test_outreach_exports_carry_the_same_rows(planner, area):
    AdminUnit.objects.filter(code__startswith="7100").update(border_distance_m=15_000)
    state = plan_state(plan_query_parse({"period": "2026-10"}, today=TODAY), [])
    rows = outreach_rows(state, OutreachFilter(border_km=20, classes=("type_1",)))
    assert [r["code"] for r in rows] == ["71003"]
    query = "period=2026-10&border_km=20&classes=type_1"
    text = planner.get(f"/maps/planning/outreach.csv?{query}").content.decode("utf-8-sig")
    assert [r[0] for r in csv.reader(io.StringIO(text))][1:] == ["71003"]
    book = load_workbook(io.BytesIO(planner.get(f"/maps/planning/outreach.xlsx?{query}").content))
    assert [r[0] for r in book.active.iter_rows(min_row=3, values_only=True)] == ["71003"]
    document = json.loads(planner.get(f"/maps/planning/outreach.geojson?{query}").content)
    assert [f["id"] for f in document["features"]] == ["71003"]
    assert document["period"] == "2026-10"


def test_a_scenario_is_saved_and_compared(planner, area):
    for name, points in [("A", []), ("B", [{"lon": 104.175, "lat": 9.025, "label": "P"}])]:
        body = {"period": "2026-10", "radius": 5000, "name": name, "planned": points}
        assert post(planner, "/maps/planning/scenarios/", body).status_code == 200
    a, b = PlanningScenario.objects.get(name="A"), PlanningScenario.objects.get(name="B")
    page = planner.get(f"/maps/planning/compare/?a={a.pk}&b={b.pk}").content.decode()
    assert page.count('class="score"') == 2


def test_saving_under_an_existing_name_asks_first_and_a_long_name_is_refused(planner, area):
    body = {"period": "2026-10", "radius": 5000, "name": "Kế hoạch", "planned": []}
    assert post(planner, "/maps/planning/scenarios/", body).status_code == 200
    again = post(planner, "/maps/planning/scenarios/", body | {"radius": 3000})
    assert again.status_code == 409
    assert "Kế hoạch" in again.json()["detail"]
    assert PlanningScenario.objects.get(name="Kế hoạch").radius_m == 5000
    replaced = post(planner, "/maps/planning/scenarios/", body | {"radius": 3000, "replace": True})
    assert replaced.status_code == 200
    assert PlanningScenario.objects.get(name="Kế hoạch").radius_m == 3000
    long = post(planner, "/maps/planning/scenarios/", body | {"name": "x" * 300})
    assert long.status_code == 400
    assert "120" in long.json()["detail"] and "300" in long.json()["detail"]
    assert not PlanningScenario.objects.filter(name__startswith="xxx").exists()


def test_a_suggested_site_is_promoted_to_a_planned_point_in_its_commune(planner, area):
    response = post(planner, "/maps/planning/promote/", {"lon": 104.17, "lat": 9.02, "name": "Điểm mới"})
    assert response.status_code == 200
    point = CounsellingPoint.objects.get(name="Điểm mới")
    assert (point.status, point.commune.code) == ("planned", "71003")
    planner.cookies["django_language"] = "en"
    outside = post(planner, "/maps/planning/promote/", {"lon": 0, "lat": 0, "name": "Xa"})
    assert outside.status_code == 400
    assert "outside every commune" in outside.json()["detail"]
    assert not CounsellingPoint.objects.filter(name="Xa").exists()


def test_the_planning_page_opens(planner, area):
    assert planner.get("/maps/planning/").status_code == 200
