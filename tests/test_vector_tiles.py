"""Vector tiles: a decoded tile holds the features inside it (and none from elsewhere),
with the user's area applied, cache headers (a keyed URL may be kept, the unkeyed one
never) and a 304 for an unchanged tile."""

import mapbox_vector_tile
import pytest

from tests import api_world, factories

pytestmark = pytest.mark.django_db
world, tile_of = api_world.world, api_world.tile_of


def test_tile_holds_the_features_inside_it_only(client, world):
    client.force_login(world["admin"])
    far = factories.establishment(106.5, 10.8, name="Karaoke Sài Gòn")
    x, y = tile_of(105.01, 7.01, 14)
    layer = mapbox_vector_tile.decode(client.get(f"/tiles/establishments/14/{x}/{y}.pbf").content)[
        "establishments"
    ]
    names = {f["properties"]["name"] for f in layer["features"]}
    assert far.name not in names
    everyone = world["inside"] + world["outside"]
    inside_tile = {e.name for e in everyone if tile_of(e.location.x, e.location.y, 14) == (x, y)}
    assert inside_tile and names == inside_tile
    assert all(0 <= c < layer["extent"] for f in layer["features"] for c in f["geometry"]["coordinates"])
    x, y = tile_of(106.5, 10.8, 14)
    layer = mapbox_vector_tile.decode(client.get(f"/tiles/establishments/14/{x}/{y}.pbf").content)[
        "establishments"
    ]
    assert [f["properties"]["name"] for f in layer["features"]] == [far.name]


def test_an_empty_tile_is_empty_not_an_error(client, world):
    client.force_login(world["admin"])
    response = client.get("/tiles/establishments/10/0/0.pbf")
    assert response.status_code == 200
    assert mapbox_vector_tile.decode(response.content) == {}


def test_establishments_start_at_zoom_10(client, world):
    client.force_login(world["admin"])
    for z in (9, 10):
        x, y = tile_of(105.01, 7.005, z)
        layers = mapbox_vector_tile.decode(client.get(f"/tiles/establishments/{z}/{x}/{y}.pbf").content)
        assert bool(layers) == (z == 10)


def test_commune_polygons_are_clipped_and_carry_their_codes(client, world):
    client.force_login(world["admin"])
    x, y = tile_of(105.02, 7.01, 8)
    response = client.get(f"/tiles/communes/8/{x}/{y}.pbf")
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    features = mapbox_vector_tile.decode(response.content)["communes"]["features"]
    assert sorted(f["properties"]["code"] for f in features) == ["73101", "73201"]
    assert {f["geometry"]["type"] for f in features} == {"Polygon"}


def test_cache_headers_and_not_modified(client, world):
    client.force_login(world["admin"])
    x, y = tile_of(105.01, 7.01, 12)
    url = client.get("/tiles/communes.json").json()["tiles"][0].format(z=12, x=x, y=y)
    first = client.get(url)
    assert first["Cache-Control"] == "private, max-age=300"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    unkeyed = client.get(f"/tiles/communes/12/{x}/{y}.pbf", HTTP_IF_NONE_MATCH=first["ETag"])
    assert unkeyed.status_code == 304 and unkeyed["Cache-Control"] == "private, no-store"
