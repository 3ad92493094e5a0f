"""Emerging hot spots as a risk-map measure (issue 17): the map's categories are those of
``hotspots_compute(method="emerging")`` with the map's parameters, every category has a
legend entry and an explanation, and the export names the method."""

import datetime

import pytest

from frontend.risk_map.choropleth import choropleth_build
from frontend.risk_map.query import risk_query_parse
from frontend.risk_map.styles import EMERGING_COLOURS
from geo.areas import Area
from monitoring.demo.figures import LAST_MONTH
from monitoring.figures.hotspots import emerging
from monitoring.figures.hotspots.categories import EMERGING_CATEGORIES, LABELS
from monitoring.figures.hotspots.compute import hotspots_compute
from monitoring.figures.hotspots.map_measure import MAP_EMERGING
from monitoring.figures.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_emerging_category_has_a_legend_entry_a_label_and_a_colour():
    assert set(EMERGING_CATEGORIES) == {*emerging.CATEGORIES, "island"}
    assert all(key in LABELS and key in EMERGING_COLOURS for key in EMERGING_CATEGORIES)


def test_the_risk_map_shows_the_emerging_categories_of_the_analysis(demo_province):
    query = risk_query_parse(
        {"period": f"{LAST_MONTH:%Y-%m}", "measure": "emerging:illegal_users"},
        today=datetime.date(2026, 11, 22),
    )
    assert query.measure.categorical and query.level == "commune"
    layer = choropleth_build(query, unit_ids=Area.of_codes(["99"]).unit_ids())
    expected = hotspots_compute(
        indicator_code="illegal_users",
        period=Period.month(LAST_MONTH),
        method="emerging",
        area=Area.of_codes(["99"]),
        **MAP_EMERGING,
    )
    features = {f["properties"]["code"]: f["properties"] for f in layer.collection["features"]}
    assert {code: p["value"] for code, p in features.items()} == {r.code: r.category for r in expected.rows}
    assert [entry.key for entry in layer.legend][: len(EMERGING_CATEGORIES)] == list(EMERGING_CATEGORIES)
    assert sum(entry.count for entry in layer.legend) == len(features)


def test_a_leader_reads_each_categorys_explanation_and_the_export_names_the_method(demo_province, client):
    client.force_login(factories.role_user("leader-emerging", "leader"))
    params = {"period": f"{LAST_MONTH:%Y-%m}", "measure": "emerging:illegal_users"}
    page = client.get("/maps/risk/", params).content.decode()
    assert 'id="emerging-method"' in page and 'id="emerging-categories"' in page
    assert page.count("<dt>", page.index('id="emerging-categories"')) >= 8
    collection = client.get("/maps/risk/export.geojson", params).json()
    statistics = collection["statistics"]
    assert statistics["periods"] == 12 and "Mann-Kendall" in statistics["method"]
    tested = [f["properties"] for f in collection["features"] if f["properties"]["z_score"] is not None]
    assert len(tested) > 100
    assert all(
        0 <= p["p_value"] <= 1 and p["trend"] in ("increasing", "decreasing", "no trend") for p in tested
    )
    hot = client.get("/maps/risk/export.geojson", params | {"measure": "hotspots:illegal_users"}).json()
    assert {"z_score", "p_value", "class"} <= set(hot["features"][0]["properties"])
    assert hot["statistics"]["permutations"] == 999
