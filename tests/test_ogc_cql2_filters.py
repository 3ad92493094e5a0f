"""CQL2 ``filter`` on the OGC items (Part 3): on hand-made establishments each operator
selects the same set as the equivalent Python filter over the unfiltered items, in
cql2-text and cql2-json; an injected ``'; drop table`` is a value; a bad expression is an
OGC 400 naming the position; an unknown property is a 400 naming it."""

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.db import connection

from monitoring.models import Inspection
from tests import api_world, factories

pytestmark = pytest.mark.django_db
world = api_world.world
ITEMS = "/ogc/collections/establishments/items"
DROP = "x'; DROP TABLE monitoring_establishment; --"


@pytest.fixture
def places(client, world, settings):
    """District A's establishments with visits on some, a bar, a closed one and an
    injection attempt as a name; the inspector logged in, messages in English."""
    factories.establishment(105.0035, 7.0165, name="Bar Hoa", type="bar", status="closed")
    factories.establishment(105.0165, 7.0035, name=DROP, type="bar", prone=False)
    for i, place in enumerate(world["inside"][:7]):
        Inspection.objects.create(
            establishment=place,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=7 * i),
            team="Đội 1",
            result="compliant",
        )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world["inspector"])
    features = client.get(ITEMS, {"limit": 1000}).json()["features"]
    assert len(features) == len(world["inside"]) + 2
    return features


def ids(client, text: str, language: str = "cql2-text") -> set:
    response = client.get(ITEMS + "?" + urlencode({"filter": text, "filter-lang": language, "limit": 1000}))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["numberMatched"] == len(body["features"])
    return {f["id"] for f in body["features"]}


def day(text):
    return datetime.date.fromisoformat(text) if text else None


def in_box(f, minx, miny, maxx, maxy) -> bool:
    x, y = f["geometry"]["coordinates"]
    return minx <= x <= maxx and miny <= y <= maxy


D = datetime.date
CASES = [
    ("type = 'bar'", lambda p, f: p["type"] == "bar"),
    ("type <> 'bar'", lambda p, f: p["type"] != "bar"),
    ("prone = false", lambda p, f: p["prone"] is False),
    ("name < 'Karaoke A05'", lambda p, f: p["name"] < "Karaoke A05"),
    ("id >= 0 AND name >= 'Karaoke A10'", lambda p, f: p["name"] >= "Karaoke A10"),
    ("name LIKE 'Karaoke A0%'", lambda p, f: p["name"].startswith("Karaoke A0")),
    (
        "name LIKE 'Karaoke A_1'",
        lambda p, f: len(p["name"]) == 11 and p["name"].startswith("Karaoke A") and p["name"].endswith("1"),
    ),
    ("name NOT LIKE '%A1%'", lambda p, f: "A1" not in p["name"]),
    ("type IN ('bar', 'massage')", lambda p, f: p["type"] in ("bar", "massage")),
    ("type NOT IN ('karaoke')", lambda p, f: p["type"] != "karaoke"),
    (
        "last_inspected BETWEEN DATE('2025-01-08') AND DATE('2025-01-29')",
        lambda p, f: (
            p["last_inspected"] is not None and D(2025, 1, 8) <= day(p["last_inspected"]) <= D(2025, 1, 29)
        ),
    ),
    (
        "last_inspected > DATE('2025-01-15')",
        lambda p, f: p["last_inspected"] is not None and day(p["last_inspected"]) > D(2025, 1, 15),
    ),
    (
        "NOT (last_inspected > DATE('2025-01-15'))",
        lambda p, f: not (p["last_inspected"] is not None and day(p["last_inspected"]) > D(2025, 1, 15)),
    ),
    ("last_inspected IS NULL", lambda p, f: p["last_inspected"] is None),
    (
        "status = 'closed' OR (type = 'karaoke' AND name LIKE '%5')",
        lambda p, f: p["status"] == "closed" or (p["type"] == "karaoke" and p["name"].endswith("5")),
    ),
    (
        "S_INTERSECTS(geometry, BBOX(105.0, 7.0, 105.008, 7.008))",
        lambda p, f: in_box(f, 105.0, 7.0, 105.008, 7.008),
    ),
    (
        "S_INTERSECTS(geometry, POLYGON((105 7, 105.012 7, 105.012 7.012, 105 7.012, 105 7))) AND prone = true",
        lambda p, f: in_box(f, 105, 7, 105.012, 7.012) and p["prone"],
    ),
]


@pytest.mark.parametrize(("text", "python"), CASES, ids=[c[0][:50] for c in CASES])
def test_a_cql2_text_filter_selects_what_python_selects(client, places, text, python):
    expected = {f["id"] for f in places if python(f["properties"], f)}
    assert 0 < len(expected) < len(places) or text.startswith("last_inspected IS")
    assert ids(client, text) == expected


JSON_CASES = [
    ({"op": "=", "args": [{"property": "type"}, "bar"]}, "type = 'bar'"),
    (
        {
            "op": "and",
            "args": [
                {"op": "like", "args": [{"property": "name"}, "Karaoke%"]},
                {
                    "op": "not",
                    "args": [{"op": "in", "args": [{"property": "name"}, ["Karaoke A01", "Karaoke A02"]]}],
                },
            ],
        },
        "name LIKE 'Karaoke%' AND NOT (name IN ('Karaoke A01', 'Karaoke A02'))",
    ),
    (
        {"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [105.0, 7.0, 105.008, 7.008]}]},
        "S_INTERSECTS(geometry, BBOX(105.0, 7.0, 105.008, 7.008))",
    ),
    (
        {
            "op": "between",
            "args": [{"property": "last_inspected"}, {"date": "2025-01-08"}, {"date": "2025-01-29"}],
        },
        "last_inspected BETWEEN DATE('2025-01-08') AND DATE('2025-01-29')",
    ),
]


@pytest.mark.parametrize(("document", "text"), JSON_CASES, ids=[c[1][:50] for c in JSON_CASES])
def test_cql2_json_selects_what_the_same_cql2_text_selects(client, places, document, text):
    selected = ids(client, json.dumps(document), "cql2-json")
    assert selected and selected == ids(client, text)


def test_an_injected_drop_table_is_a_value(client, places):
    (injected,) = [f["id"] for f in places if f["properties"]["name"] == DROP]
    as_json = {"op": "=", "args": [{"property": "name"}, DROP]}
    assert ids(client, json.dumps(as_json), "cql2-json") == {injected}
    assert ids(client, "name LIKE '%; DROP TABLE monitoring_establishment; --'") == {injected}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM monitoring_establishment")
        assert cursor.fetchone()[0] >= len(places)


def error(client, text: str, language: str = "cql2-text", name: str = "establishments") -> str:
    query = urlencode({"filter": text, "filter-lang": language})
    response = client.get(f"/ogc/collections/{name}/items?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "InvalidParameterValue"
    return body["description"]


def test_a_bad_expression_is_an_ogc_400_naming_the_position(client, places):
    assert error(client, "name = # 3") == (
        "filter = “name = # 3”: cannot be read from character 8 (“# 3”); check the CQL2 text there."
    )
    assert error(client, "type = 'bar' AND") == (
        "filter = “type = 'bar' AND”: the expression ends too early; complete it."
    )
    assert error(client, '{"op": "=", "args": [', "cql2-json").startswith(
        'filter = “{"op": "=", "args": [”: not JSON: Expecting value (character 22).'
    )


def test_an_unknown_property_is_an_ogc_400_naming_it(client, places):
    assert error(client, "inspected_on > DATE('2025-01-01')").startswith(
        "filter = “inspected_on > DATE('2025-01-01')”: there is no property “inspected_on” to filter on; use id, name,"
    )


def test_a_value_of_the_wrong_type_is_an_ogc_400(client, places):
    assert error(client, "staff = 'three'", name="counselling-points") == (
        "filter = “staff = 'three'”: “staff” cannot be compared with 'three'."
    )
    assert error(client, "staff LIKE '3%'", name="counselling-points") == (
        "filter = “staff LIKE '3%'”: LIKE compares text; “staff” is not text."
    )
    assert error(client, "S_WITHIN(geometry, BBOX(1, 2, 3, 4))").startswith("filter = “S_WITHIN")


def test_an_unknown_filter_language_is_an_ogc_400(client, places):
    response = client.get(ITEMS, {"filter": "type = 'bar'", "filter-lang": "ecql"})
    assert response.status_code == 400
    assert response.json()["description"] == "filter-lang = “ecql”: use cql2-text or cql2-json."


def test_a_filter_never_reaches_outside_the_users_area(client, places, world):
    outside = world["outside"][0].pk
    assert ids(client, f"id = {outside}") == set()
    everywhere = ids(client, "S_INTERSECTS(geometry, BBOX(-180, -90, 180, 90)) OR id = 0")
    assert everywhere == {f["id"] for f in places}
    assert client.get(f"{ITEMS}/{outside}?f=html").status_code == 404


def test_an_account_without_the_permission_gets_no_schema(client, world, django_user_model):
    other = django_user_model.objects.create_user("no-perms", password="x")
    client.force_login(other)
    for path in ("schema", "queryables", "items?f=html"):
        response = client.get(f"/ogc/collections/establishments/{path}")
        assert response.status_code == 403
        assert response.json()["code"] == "Forbidden"


ODD = [
    ("id = 99999999999999999999", "cql2-text"),
    ("name = 'a\x00b'", "cql2-text"),
    ("S_INTERSECTS(geometry, LINESTRING(1 2))", "cql2-text"),
    ("NOT " * 500 + "id = 1", "cql2-text"),
    ('{"op": "in", "args": [{"property": "id"}, 3]}', "cql2-json"),
    ('{"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": ["a", 1, 2, 3]}]}', "cql2-json"),
    (
        '{"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Point", "coordinates": "x"}]}',
        "cql2-json",
    ),
    ('{"op": "=", "args": [{"property": "name"}, "a\\u0000b"]}', "cql2-json"),
    ('{"op": "=", "args": [{"property": "id"}]}', "cql2-json"),
    ("null", "cql2-json"),
]


@pytest.mark.parametrize(("text", "language"), ODD, ids=[t[:40] for t, _ in ODD])
def test_an_odd_filter_is_an_ogc_400_never_a_500(client, places, text, language):
    assert error(client, text, language).startswith("filter = “")


@pytest.mark.parametrize("query", ["id=99999999999999999999", "name=a%00b", "staff=3"])
def test_an_odd_property_value_is_an_ogc_400(client, places, query):
    response = client.get(f"{ITEMS}?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue"
