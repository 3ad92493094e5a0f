"""The REST API's area filters (unit code, bbox, polygon, radius) return exactly the
establishments the inspectors' page selector returns for the same parameters, and the
OGC API's bbox and property filters agree with them."""

import pytest
from django.http import QueryDict

from monitoring.establishments.filters import EstablishmentFilter
from monitoring.establishments.selectors import establishment_list
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world

CASES = [
    "commune=73101",
    "district=731",
    "district=732",
    "province=73",
    "bbox=105.0,7.0,105.01,7.01",
    "polygon=POLYGON((105 7, 105.012 7, 105.012 7.012, 105 7.012, 105 7))",
    'polygon={"type":"Polygon","coordinates":[[[105.02,7],[105.03,7],[105.03,7.01],[105.02,7]]]}',
    "point=105.01,7.01&radius=800",
    "type=massage",
    "prone=false&district=731",
]


def page_ids(params: str) -> set[int]:
    f = EstablishmentFilter.parse(QueryDict(params))
    return set(establishment_list(filter=f, scope=None).values_list("id", flat=True))


@pytest.mark.parametrize("params", CASES)
def test_rest_api_returns_the_page_selectors_rows(client, world, params):
    client.force_login(world["admin"])
    body = client.get("/api/establishments/", QueryDict(params + "&page_size=1000")).json()
    assert {f["id"] for f in body["features"]} == page_ids(params)
    assert body["count"] == len(page_ids(params))


def test_lon_lat_radius_equals_point_radius(client, world):
    client.force_login(world["admin"])
    body = client.get("/api/establishments/?lon=105.01&lat=7.01&radius=800&page_size=1000").json()
    assert {f["id"] for f in body["features"]} == page_ids("point=105.01,7.01&radius=800")
    assert 0 < body["count"] < len(world["inside"]) + len(world["outside"])


def test_ogc_bbox_and_properties_match_the_page(client, world):
    client.force_login(world["admin"])
    body = client.get("/ogc/collections/establishments/items?bbox=105.0,7.0,105.01,7.01&limit=1000").json()
    assert {f["id"] for f in body["features"]} == page_ids("bbox=105.0,7.0,105.01,7.01")
    body = client.get("/ogc/collections/establishments/items?type=massage&commune_code=73101").json()
    assert [f["properties"]["name"] for f in body["features"]] == ["Massage A"]
    body = client.get("/ogc/collections/establishments/items?prone=false&commune_code=73101").json()
    assert body["numberMatched"] == 1


def test_places_and_units_take_the_same_area_filters(client, world):
    client.force_login(world["admin"])
    body = client.get("/api/counselling-points/?district=732").json()
    assert [f["properties"]["name"] for f in body["features"]] == ["Điểm tư vấn B"]
    body = client.get("/api/treatment-facilities/?bbox=105.0,7.0,105.02,7.02").json()
    assert [f["properties"]["name"] for f in body["features"]] == ["Cơ sở cai nghiện A"]
    body = client.get("/api/communes/?point=105.035,7.01&radius=500").json()
    assert [f["id"] for f in body["features"]] == ["73201"]
    body = client.get("/api/communes/?province=73").json()
    assert [f["id"] for f in body["features"]] == ["73101", "73201"]
