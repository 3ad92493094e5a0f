"""The risk map page and its channels on the demo province (server side)."""

import itertools
import json

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(client, demo_province):
    client.force_login(factories.role_user("leader-risk", "leader"))
    return client


def test_the_page_needs_a_login(client):
    assert client.get("/maps/risk/").status_code == 302


def test_the_page_draws_one_shape_per_commune_and_links_nothing_outside(leader, demo_province):
    response = leader.get("/maps/risk/?period=2026-10&measure=rate:illegal_users")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('"is_border":') == 200  # one choropleth feature per unit
    assert "https://" not in page.split("<body")[0]  # no external script or style in the head
    assert 'src="http' not in page and 'href="http' not in page


@pytest.mark.parametrize(
    "measure", ["classification", "risk", "count:hotspots", "change:illegal_users", "change_yoy:relapses"]
)
def test_every_measure_renders(leader, demo_province, measure):
    assert leader.get(f"/maps/risk/?period=2026-Q3&measure={measure}").status_code == 200


def test_district_level_and_drill_down(leader, demo_province):
    districts = leader.get("/maps/risk/?level=district&measure=count:illegal_users").content.decode()
    assert districts.count('"is_border":') == 15
    one = leader.get("/maps/risk/?district=901&measure=count:illegal_users").content.decode()
    assert 0 < one.count('"is_border":') < 200


def test_bad_input_is_a_message_not_an_error(leader, demo_province):
    response = leader.get("/maps/risk/?period=abc&measure=xyz&classes=0&lat=999&lng=1&zoom=3")
    assert response.status_code == 200
    assert "abc" in response.content.decode()


def test_geojson_export_carries_period_measure_breaks_and_data_date(leader, demo_province):
    response = leader.get(
        "/maps/risk/export.geojson?period=2026-10&measure=rate:illegal_users&method=quantiles"
    )
    document = json.loads(response.content)
    assert response["Content-Type"] == "application/geo+json"
    assert document["period"] == "2026-10"
    assert document["measure"] == "rate:illegal_users"
    assert len(document["breaks"]) == 5
    # A leader lacks view_exact_counts: hidden cells ("<5", "x") leave the breaks for the
    # legend's "protected" entry (this pinned all 200 communes in the breaks).
    protected = [f for f in document["features"] if isinstance(f["properties"]["value"], str)]
    assert protected and {f["properties"]["value"] for f in protected} <= {"<5", "x"}
    assert {f["properties"]["class"] for f in protected} == {"protected"}
    assert sum(b["count"] for b in document["breaks"]) + len(protected) == 200
    assert document["data_date"]
    assert "OpenStreetMap" in document["attribution"]
    assert len(document["features"]) == 200
    ring = document["features"][0]["geometry"]["coordinates"][0][0]
    signed_area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))
    assert signed_area > 0  # RFC 7946: exterior rings counter-clockwise


def test_png_and_print_view(leader, demo_province):
    png = leader.get("/maps/risk/map.png?period=2026-10&measure=classification")
    assert png["Content-Type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    page = leader.get("/maps/risk/print/?period=2026-10&measure=classification").content.decode()
    assert "/maps/risk/map.png?" in page


def test_commune_panel_has_history_series_and_places(leader, demo_province):
    from geo.models import AdminUnit

    commune = AdminUnit.objects.filter(is_demo=True, level="commune", is_border=True).first()
    panel = leader.get(
        f"/maps/risk/commune/{commune.code}.json?period=2026-10&measure=count:illegal_users"
    ).json()
    assert panel["name"] == commune.name
    assert panel["border_distance_m"] == 0
    assert len(panel["classifications"]) == 3
    assert len(panel["series"]) == 24
    assert panel["series"][-1]["month"] == "2026-10"
    assert [p["year"] for p in panel["proposals"]] == [2026, 2025, 2024]
    assert all(p["lines"] for p in panel["proposals"])  # the criteria behind each proposal
    assert leader.get("/maps/risk/commune/00000.json").status_code == 404
