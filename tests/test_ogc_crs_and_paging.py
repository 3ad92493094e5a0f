"""OGC API Part 2 (CRS) and paging: coordinates in VN-2000 agree with pyproj within a
metre, EPSG:4326 is latitude first, ``bbox-crs`` works, and the ``next`` links walk every
feature once with the right ``numberMatched`` on every page."""

import pytest
from pyproj import Transformer

from tests import api_world, factories

pytestmark = pytest.mark.django_db
world = api_world.world
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"


@pytest.mark.parametrize("srid", [3405, 5899, 9210])
def test_coordinates_in_vn2000_agree_with_pyproj_within_a_metre(client, world, srid):
    client.force_login(world["admin"])
    place = world["inside"][3]
    response = client.get(f"/ogc/collections/establishments/items/{place.pk}?crs={EPSG}{srid}")
    assert response["Content-Crs"] == f"<{EPSG}{srid}>"
    x, y = response.json()["geometry"]["coordinates"]
    expected = Transformer.from_crs(4326, srid, always_xy=True).transform(place.location.x, place.location.y)
    assert abs(x - expected[0]) < 1 and abs(y - expected[1]) < 1


def test_epsg_4326_is_latitude_first_and_crs84_longitude_first(client, world):
    client.force_login(world["admin"])
    place = world["inside"][0]
    default = client.get(f"/ogc/collections/establishments/items/{place.pk}")
    assert default["Content-Crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
    assert default.json()["geometry"]["coordinates"] == [place.location.x, place.location.y]
    lat_lon = client.get(f"/ogc/collections/establishments/items/{place.pk}?crs={EPSG}4326")
    assert lat_lon.json()["geometry"]["coordinates"] == [place.location.y, place.location.x]


def test_bbox_in_vn2000_selects_the_same_features(client, world):
    client.force_login(world["admin"])
    to_utm = Transformer.from_crs(4326, 3405, always_xy=True)
    minx, miny = to_utm.transform(105.0, 7.0)
    maxx, maxy = to_utm.transform(105.0105, 7.0105)
    utm = client.get(
        f"/ogc/collections/establishments/items?limit=100&bbox={minx},{miny},{maxx},{maxy}&bbox-crs={EPSG}3405"
    ).json()
    lonlat = client.get(
        "/ogc/collections/establishments/items?limit=100&bbox=105.0,7.0,105.0105,7.0105"
    ).json()
    assert {f["id"] for f in utm["features"]} == {f["id"] for f in lonlat["features"]}
    assert utm["numberMatched"] > 0
    lat_first = client.get(
        f"/ogc/collections/establishments/items?limit=100&bbox=7.0,105.0,7.0105,105.0105&bbox-crs={EPSG}4326"
    ).json()
    assert {f["id"] for f in lat_first["features"]} == {f["id"] for f in lonlat["features"]}


def test_next_links_walk_every_feature_once(client, world):
    url, seen, pages = "/ogc/collections/establishments/items?limit=4&type=karaoke", [], 0
    client.force_login(world["inspector"])  # district A only
    total = len(world["inside"])
    while url:
        body = client.get(url).json()
        pages += 1
        assert body["numberMatched"] == total - 1  # every karaoke of district A: all but the massage parlour
        assert body["numberReturned"] == len(body["features"])
        seen += [f["id"] for f in body["features"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    assert len(seen) == len(set(seen)) == total - 1
    assert pages == -(-(total - 1) // 4)
    one_page = client.get("/ogc/collections/establishments/items?limit=100&type=karaoke").json()
    assert seen == [f["id"] for f in one_page["features"]]
    by_offset = client.get("/ogc/collections/establishments/items?limit=4&offset=8&type=karaoke").json()
    assert [f["id"] for f in by_offset["features"]] == seen[8:12]


def test_a_tampered_count_in_a_next_link_is_ignored(client, world):
    client.force_login(world["inspector"])
    body = client.get("/ogc/collections/establishments/items?limit=2").json()
    href = next(link["href"] for link in body["links"] if link["rel"] == "next")
    tampered = href.replace("matched=", "matched=x")
    assert client.get(tampered).json()["numberMatched"] == body["numberMatched"]
    factories.establishment(105.005, 7.005, name="Karaoke mới")
    assert client.get(href.replace("offset=2", "offset=2&type=karaoke")).json()["numberMatched"] == 13


def test_number_matched_follows_the_filter(client, world):
    client.force_login(world["inspector"])
    assert client.get("/ogc/collections/establishments/items").json()["numberMatched"] == 13
    client.force_login(world["admin"])
    assert client.get("/ogc/collections/establishments/items?commune_code=73201").json()["numberMatched"] == 5
    assert client.get("/ogc/collections/communes/items?parent_code=732").json()["numberMatched"] == 1


def test_next_links_in_a_box_walk_every_feature_once(client, world):
    client.force_login(world["admin"])
    box = "bbox=105.0,7.0,105.03,7.02"
    url, seen = f"/ogc/collections/establishments/items?limit=3&{box}", []
    while url:
        body = client.get(url).json()
        seen += [f["id"] for f in body["features"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    one_page = client.get(f"/ogc/collections/establishments/items?limit=1000&{box}").json()
    assert seen == [f["id"] for f in one_page["features"]]
    assert len(seen) == len(set(seen)) == one_page["numberMatched"] == 18


@pytest.mark.parametrize("attempt", [1, 2])
def test_a_tm3_zone_works_in_every_test_even_after_a_rollback(client, world, attempt):
    client.force_login(world["admin"])
    response = client.get(f"/ogc/collections/communes/items?code=73101&crs={EPSG}9212")
    assert response.status_code == 200
    assert response["Content-Crs"] == f"<{EPSG}9212>"
