"""``sortby`` on the OGC items: the registry's queryables, ``-`` for descending, empty
values last; the order is the same as Python's sort of the same rows, across pages; an
unknown property is an OGC 400 naming it."""

import datetime

import pytest

from monitoring.models import Inspection
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world


@pytest.fixture
def inspected(world):
    """Half of district A's establishments inspected, two on the same day."""
    days = [datetime.date(2025, 3, 1), datetime.date(2025, 1, 5), datetime.date(2025, 3, 1)]
    for i, place in enumerate(world["inside"][:6]):
        Inspection.objects.create(establishment=place, date=days[i % 3], team="Đội 1", result="compliant")
    Inspection.objects.create(
        establishment=world["inside"][0], date=datetime.date(2024, 1, 1), team="Đội 1", result="compliant"
    )
    return world


def walk(client, url: str) -> list[dict]:
    features = []
    while url:
        body = client.get(url).json()
        features += body["features"]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
    return features


def test_sortby_name_then_latest_visit_descending_matches_python(client, inspected):
    client.force_login(inspected["inspector"])
    features = walk(client, "/ogc/collections/establishments/items?limit=4&sortby=-last_inspected,name")
    got = [f["id"] for f in features]
    rows = [(f["id"], f["properties"]["last_inspected"], f["properties"]["name"]) for f in features]
    never = sorted((r for r in rows if r[1] is None), key=lambda r: (r[2], r[0]))
    seen = sorted((r for r in rows if r[1] is not None), key=lambda r: (r[2], r[0]))
    seen.sort(key=lambda r: r[1], reverse=True)  # stable: names stay ascending within a day
    assert got == [r[0] for r in seen + never]
    assert len(got) == len(set(got)) == len(inspected["inside"])
    assert features[0]["properties"]["last_inspected"] == "2025-03-01"
    assert features[-1]["properties"]["last_inspected"] is None


def test_sortby_name_descending_is_the_reverse_of_ascending(client, world):
    client.force_login(world["inspector"])
    up = [f["properties"]["name"] for f in walk(client, "/ogc/collections/establishments/items?sortby=+name")]
    down = [
        f["properties"]["name"] for f in walk(client, "/ogc/collections/establishments/items?sortby=-name")
    ]
    assert up == sorted(up) and down == up[::-1]


def test_sortby_with_a_box_and_an_offset_pages_alike(client, world):
    client.force_login(world["admin"])
    box = "bbox=105.0,7.0,105.04,7.02"
    whole = [
        f["id"] for f in walk(client, f"/ogc/collections/establishments/items?{box}&sortby=-name&limit=1000")
    ]
    paged = [
        f["id"] for f in walk(client, f"/ogc/collections/establishments/items?{box}&sortby=-name&limit=3")
    ]
    assert paged == whole and len(whole) == len(world["inside"]) + len(world["outside"])
    third = client.get(f"/ogc/collections/establishments/items?{box}&sortby=-name&limit=3&offset=6").json()
    assert [f["id"] for f in third["features"]] == whole[6:9]


def test_an_unknown_sort_property_is_an_ogc_400_naming_it(client, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world["inspector"])
    response = client.get("/ogc/collections/establishments/items?sortby=name,-inspected_on")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidParameterValue"
    assert body["description"].startswith(
        "sortby = “name,-inspected_on”: there is no property “inspected_on” to sort by; use id, name,"
    )
