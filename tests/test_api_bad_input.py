"""Bad parameters get a JSON 400 that names the parameter and the value, never a 500."""

import pytest

from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world

REST = [
    ("/api/establishments/?bbox=1,2,3", "bbox"),
    ("/api/establishments/?bbox=3,2,1,0", "bbox"),
    ("/api/establishments/?polygon=POLYGON((1 2))", "polygon"),
    ("/api/establishments/?polygon=POINT(105 7)", "polygon"),
    ("/api/establishments/?point=105,7", "radius"),
    ("/api/establishments/?point=105,7&radius=-5", "radius"),
    ("/api/establishments/?lon=105", "lon/lat"),
    ("/api/establishments/?district=999", "district"),
    ("/api/communes/?bbox=a,b,c,d", "bbox"),
    ("/api/counselling-points/?polygon=nonsense", "polygon"),
    ("/api/case-counts/?period=2024-13", "period"),
    ("/api/classifications/?year=abc", "year"),
    ("/api/inspections/?establishment=x", "establishment"),
]
OGC = [
    ("/ogc/collections/establishments/items?bbox=1,2,x", "bbox"),
    ("/ogc/collections/establishments/items?bbox=1,2,3", "bbox"),
    (
        "/ogc/collections/establishments/items?bbox=10,20,5,30&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3405",
        "bbox",
    ),
    ("/ogc/collections/establishments/items?limit=0", "limit"),
    ("/ogc/collections/establishments/items?limit=ten", "limit"),
    ("/ogc/collections/establishments/items?offset=-1", "offset"),
    ("/ogc/collections/establishments/items?crs=EPSG:2154", "crs"),
    ("/ogc/collections/establishments/items?prone=maybe", "prone"),
    ("/ogc/collections/establishments/items?colour=red", "colour"),
    ("/ogc/collections/communes/items/73101?crs=urn:nothing", "crs"),
]


@pytest.mark.parametrize(("url", "parameter"), REST)
def test_rest_api_answers_400_naming_the_parameter(client, world, url, parameter):
    client.force_login(world["admin"])
    client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith(parameter)


@pytest.mark.parametrize(("url", "parameter"), OGC)
def test_ogc_api_answers_400_naming_the_parameter(client, world, url, parameter):
    client.force_login(world["admin"])
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue"
    assert response.json()["description"].startswith(parameter)


def test_exact_message_for_a_reversed_bbox(client, world):
    client.force_login(world["admin"])
    client.cookies["django_language"] = "en"
    response = client.get("/api/establishments/?bbox=3,2,1,0")
    assert response.json() == {
        "detail": "bbox = “3,2,1,0”: the minimum must be below the maximum.",
        "code": "invalid",
        "parameter": "bbox",
        "value": "3,2,1,0",
        "problems": [],
    }


@pytest.mark.parametrize(
    "url",
    [
        "/ogc/collections/nothing/items",
        "/ogc/collections/establishments/items/abc",
        "/ogc/collections/establishments/items/999999999",
        "/tiles/nothing/1/0/0.pbf",
        "/tiles/communes/3/9/0.pbf",
        "/api/establishments/999999999/",
    ],
)
def test_unknown_things_are_404_json(client, world, url):
    client.force_login(world["admin"])
    response = client.get(url)
    assert response.status_code == 404
    if url.startswith("/api/"):
        assert response.json()["code"] == "not_found" and response.json()["detail"]
    else:  # OGC API – Features Part 1 exception body (tiles answer like the OGC API)
        assert response.json()["code"] == "NotFound" and response.json()["description"]
