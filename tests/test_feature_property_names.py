"""Feature properties carry the contract's names, identical in the REST API, the OGC API
and the vector tiles."""

import itertools

import mapbox_vector_tile
import pytest

from tests import api_world, factories

pytestmark = pytest.mark.django_db
world = api_world.world

CONTRACT = {
    "communes": [
        "code",
        "name",
        "level",
        "parent_code",
        "population",
        "area_m2",
        "is_border",
        "border_distance_m",
    ],
    "districts": [
        "code",
        "name",
        "level",
        "parent_code",
        "population",
        "area_m2",
        "is_border",
        "border_distance_m",
    ],
    "establishments": ["id", "name", "type", "commune_code", "prone", "status", "last_inspected"],
    "counselling-points": ["id", "name", "status", "commune_code", "opened_on", "staff"],
    "treatment-facilities": ["id", "name", "kind", "commune_code", "capacity"],
    "border": ["neighbour", "source"],
}


@pytest.mark.parametrize("layer", CONTRACT)
def test_rest_and_ogc_properties_are_the_same_and_start_with_the_contract(client, world, layer):
    client.force_login(world["admin"])
    ogc = client.get(f"/ogc/collections/{layer}/items?limit=1").json()["features"][0]
    rest = client.get(f"/api/{layer}/{ogc['id']}/").json()
    assert list(rest["properties"]) == list(ogc["properties"])
    assert list(rest["properties"])[: len(CONTRACT[layer])] == CONTRACT[layer]
    if layer != "border":
        assert rest["properties"] == ogc["properties"]
        assert rest["id"] == ogc["id"]


def test_tile_properties_are_the_contract(client, world):
    client.force_login(world["admin"])
    for layer in ("communes", "establishments"):
        tile = mapbox_vector_tile.decode(client.get(f"/tiles/{layer}/12/3242/1968.pbf").content)
        properties = tile[layer]["features"][0]["properties"]
        assert set(properties) <= set(CONTRACT[layer])
        assert {"name", "commune_code" if layer == "establishments" else "code"} <= set(properties)


def test_polygons_are_counter_clockwise_and_points_have_six_decimals(client, world):
    client.force_login(world["admin"])
    factories.unit("80101", "POLYGON((106 8, 106 8.01, 106.01 8.01, 106.01 8, 106 8))")  # clockwise
    for url in ("/api/communes/?commune=80101", "/ogc/collections/communes/items?code=80101"):
        ring = client.get(url).json()["features"][0]["geometry"]["coordinates"][0][0]
        twice_area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))
        assert twice_area > 0, url
    for url in ("/api/establishments/", "/ogc/collections/establishments/items"):
        for feature in client.get(url).json()["features"]:
            assert all(len(str(c).split(".")[-1]) <= 6 for c in feature["geometry"]["coordinates"])
