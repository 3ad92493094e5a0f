"""Each layer of the registry (``monitoring.layers``) reads the same in every channel that
offers it: the map page's JSON, the page's export, the REST API, the OGC API, the vector
tiles and the export file carry, for one feature, the field names the registry declares
for that channel (``Layer.fields(channel)``) and the same values. Adding one ``Field`` to a
layer makes it appear in every channel; the establishments page export is
``/exports/establishments`` for the page's filter; the outreach export follows the chosen
scenario."""

import csv
import datetime
import io
import json
import re

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point

from monitoring.layers import LAYERS, Field
from monitoring.models import (
    CaseCount,
    CounsellingPoint,
    Indicator,
    Inspection,
    PlanningScenario,
    SensitiveSite,
)
from tests import api_world
from tests.api_world import tile_of

pytestmark = pytest.mark.django_db
world = api_world.world

# Extra properties a page export adds after the layer's own (what the risk map shows).
RISK_EXTRAS = ["value", "class"]


@pytest.fixture
def full_world(world):
    """The API world with every field of the sample features filled (a tile leaves out
    null values) and one sensitive site and one count."""
    establishment = world["inside"][0]
    establishment.address = "1 Đường A"
    establishment.licence_number = "GP-01"
    establishment.save()
    Inspection.objects.create(
        establishment=establishment,
        date=datetime.date(2026, 9, 1),
        team="T1",
        result="violation",
        follow_up_due=datetime.date(2026, 12, 1),
    )
    world["commune_a"].__class__.objects.filter(pk=world["commune_a"].pk).update(
        population=1234, border_distance_m=15_000.4, kind="xa"
    )
    world["site"] = SensitiveSite.objects.create(
        name="Trường A", kind="school", address="2 Đường B", location=Point(105.004, 7.004, srid=4326)
    )
    indicator = Indicator.objects.create(
        code="users", name_vi="Người nghiện", name_en="Users", sensitive=False
    )
    CaseCount.objects.create(
        unit=world["commune_a"], period=datetime.date(2026, 10, 1), indicator=indicator, value=7
    )
    return world


def _body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def _feature(document: dict, layer, key) -> dict:
    (found,) = [f["properties"] for f in document["features"] if f["properties"][layer.id_property] == key]
    return found


def _page_blocks(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    return [json.loads(b.replace("<\\/", "</")) for b in blocks]


# The export filter that keeps the sample (the test database also holds the demo province).
FILTERS = {
    "communes": "code=73101",
    "districts": "code=731",
    "provinces": "code=73",
    "establishments": "commune=73101",
    "counselling-points": "commune=73101",
    "treatment-facilities": "commune=73101",
    "sensitive-sites": "bbox=105,7,105.04,7.02",
    "border": "neighbour=CHN",
    "case-counts": "unit=73101",
}
csv.field_size_limit(2**31 - 1)  # the border's WKT

# One sample feature per layer: its key and a point inside it (for the tile).
SAMPLES = {
    "communes": lambda w: ("73101", (105.01, 7.01)),
    "districts": lambda w: ("731", (105.01, 7.01)),
    "provinces": lambda w: ("73", (105.01, 7.01)),
    "establishments": lambda w: (w["inside"][0].pk, (105.001, 7.001)),
    "counselling-points": lambda w: (w["points"]["a"].pk, (105.01, 7.01)),
    "treatment-facilities": lambda w: (w["facilities"]["a"].pk, (105.005, 7.015)),
    "sensitive-sites": lambda w: (w["site"].pk, (105.004, 7.004)),
    "border": lambda w: ("CHN", None),
    "case-counts": lambda w: ("73101", None),
}


def read_export(client, layer, key) -> dict:
    document = json.loads(_body(client.get(f"/exports/{layer.name}.geojson?{FILTERS[layer.name]}")))
    if layer.name == "case-counts":
        return next(f["properties"] for f in document["features"] if f["properties"]["commune_code"] == key)
    return _feature(document, layer, key)


def read_export_csv(client, layer, key) -> dict:
    rows = list(
        csv.DictReader(
            io.StringIO(
                _body(client.get(f"/exports/{layer.name}.csv?{FILTERS[layer.name]}")).decode("utf-8-sig")
            )
        )
    )
    column = "commune_code" if layer.name == "case-counts" else layer.id_property
    (row,) = [r for r in rows if r[column] == str(key)]
    return {name: row[name] for name in layer.property_names("export")} | {"_columns": list(rows[0])}


def read_rest(client, layer, key) -> dict:
    if layer.name == "case-counts":
        (row,) = [
            r
            for r in client.get("/api/case-counts/?commune=73101").json()["results"]
            if r["commune_code"] == key
        ]
        return row
    return client.get(f"/api/{layer.name}/{key}/").json()["properties"]


def read_ogc(client, layer, key) -> dict:
    return client.get(f"/ogc/collections/{layer.name}/items/{key}").json()["properties"]


def read_tile(client, layer, key, lonlat) -> dict:
    z = max(layer.tile_min_zoom, 12)
    x, y = tile_of(*lonlat, z)
    tile = mapbox_vector_tile.decode(_body(client.get(f"/tiles/{layer.name}/{z}/{x}/{y}.pbf")))
    (found,) = [
        f["properties"] for f in tile[layer.name]["features"] if f["properties"][layer.id_property] == key
    ]
    return found


def read_page(client, layer, key) -> dict:
    if layer.name == "establishments":
        return _feature(client.get("/maps/establishments/items.json?commune=73101").json(), layer, key)
    assert layer.name == "sensitive-sites"
    for block in _page_blocks(client.get("/maps/establishments/").content.decode()):
        if isinstance(block, dict) and block.get("features") and "kind" in block["features"][0]["properties"]:
            return _feature(block, layer, key)
    raise AssertionError("no sensitive sites on the establishments map")


def read_page_export(client, layer, key) -> dict:
    if layer.name == "establishments":
        return _feature(
            json.loads(_body(client.get("/maps/establishments/export.geojson?commune=73101"))), layer, key
        )
    document = json.loads(
        _body(client.get(f"/maps/risk/export.geojson?measure=classification&level={layer.name[:-1]}"))
    )
    properties = _feature(document, layer, key)
    assert list(properties)[-len(RISK_EXTRAS) :] == RISK_EXTRAS
    return {k: v for k, v in properties.items() if k not in RISK_EXTRAS}


READERS = {
    "page": read_page,
    "page_export": read_page_export,
    "rest": read_rest,
    "ogc": read_ogc,
    "export": read_export,
}
CASES = [
    (name, channel)
    for name, layer in LAYERS.items()
    for channel in [*READERS, "tile"]
    if layer.offered(channel)
]


def read(client, world, layer, channel) -> dict:
    key, lonlat = SAMPLES[layer.name](world)
    if channel == "tile":
        return read_tile(client, layer, key, lonlat)
    return READERS[channel](client, layer, key)


def test_the_table_covers_every_layer_and_channel():
    assert {name for name, _ in CASES} == set(LAYERS)
    assert {channel for _, channel in CASES} == {"page", "page_export", "rest", "ogc", "tile", "export"}
    assert len(CASES) >= 25


@pytest.mark.parametrize(("name", "channel"), CASES)
def test_a_feature_has_the_declared_fields_and_the_export_files_values(client, full_world, name, channel):
    client.force_login(full_world["admin"])
    layer = LAYERS[name]
    properties = read(client, full_world, layer, channel)
    assert list(properties) == layer.property_names(channel)
    reference = read(client, full_world, layer, "export")
    assert properties == {k: reference[k] for k in properties}
    if channel == "tile":  # a tile drops null values: the sample has none
        assert None not in properties.values()


@pytest.mark.parametrize("name", [name for name, layer in LAYERS.items() if layer.offered("export")])
def test_the_csv_export_has_the_declared_columns_and_the_same_values(client, full_world, name):
    client.force_login(full_world["admin"])
    layer = LAYERS[name]
    key, _ = SAMPLES[name](full_world)
    row = read_export_csv(client, layer, key)
    assert row.pop("_columns")[: len(layer.property_names("export"))] == layer.property_names("export")
    reference = read(client, full_world, layer, "export")
    as_text = {k: "" if v is None else str(v) for k, v in reference.items()}
    assert row == {k: as_text[k] if not isinstance(reference[k], bool) else str(reference[k]) for k in row}


def test_tiles_leave_out_only_what_the_registry_declares():
    for layer in LAYERS.values():
        left_out = set(layer.property_names("export")) - set(layer.property_names("tile"))
        assert left_out == {f.name for f in layer.properties if "tile" in f.omit}


@pytest.mark.parametrize(("name", "channel"), CASES)
def test_a_field_added_to_a_layer_appears_in_every_channel(client, full_world, monkeypatch, name, channel):
    layer = LAYERS[name]
    added = Field("added_for_test", "length(coalesce(t.name, '')) + 1000", "integer")
    if name == "border":
        added = Field("added_for_test", "length(t.neighbour) + 1000", "integer")
    if name == "case-counts":
        added = Field("added_for_test", "t.value + 1000", "integer")
    monkeypatch.setattr(layer, "properties", (*layer.properties, added))
    client.force_login(full_world["admin"])
    properties = read(client, full_world, layer, channel)
    assert list(properties)[-1] == "added_for_test"
    assert properties["added_for_test"] > 1000


def test_the_establishments_page_export_is_the_layer_export_for_the_same_filter(client, full_world):
    client.force_login(full_world["inspector"])
    query = "type=karaoke&inspection=violation"
    page = _body(client.get(f"/maps/establishments/export.csv?{query}")).decode("utf-8-sig")
    export = _body(client.get(f"/exports/establishments.csv?{query}")).decode("utf-8-sig")
    page_rows, export_rows = list(csv.reader(io.StringIO(page))), list(csv.reader(io.StringIO(export)))
    assert (
        page_rows[0] == export_rows[0] == [*LAYERS["establishments"].property_names("export"), "lon", "lat"]
    )
    assert page_rows == export_rows
    assert [r[1] for r in page_rows[1:]] == ["Karaoke A00"]
    unfiltered = _body(client.get("/maps/establishments/export.csv")).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(unfiltered)))) == 1 + 13  # district A's establishments


def test_the_outreach_export_follows_the_chosen_scenario(client, full_world):
    client.force_login(full_world["admin"])
    CounsellingPoint.objects.all().delete()  # the planned points are then the nearest ones
    far = PlanningScenario.objects.create(
        name="Xa",
        period="2026-10",
        demand="population",
        radius_m=5000,
        points=[{"lon": 104.0, "lat": 9.0, "label": "Xa"}],
    )
    near = PlanningScenario.objects.create(
        name="Gần",
        period="2026-10",
        demand="population",
        radius_m=5000,
        points=[{"lon": 105.01, "lat": 7.01, "label": "Gần"}],
    )
    files = {}
    for scenario in (far, near):
        query = f"period=2026-10&demand=population&border_km=any&classes=&scenario={scenario.pk}"
        response = client.get(f"/maps/planning/outreach.csv?{query}")
        files[scenario.name] = _body(response).decode("utf-8-sig")
        document = json.loads(_body(client.get(f"/maps/planning/outreach.geojson?{query}")))
        assert document["scenario"] == scenario.name
    assert files["Xa"] != files["Gần"]
    assert "Gần" in files["Gần"] and "Gần" not in files["Xa"]


@pytest.mark.parametrize("name", [name for name, layer in LAYERS.items() if layer.offered("ogc")])
def test_ogc_queryables_are_the_layers_filterable_fields(client, full_world, name):
    client.force_login(full_world["admin"])
    layer = LAYERS[name]
    collection = client.get(f"/ogc/collections/{name}").json()
    (link,) = [link for link in collection["links"] if link["rel"].endswith("/queryables")]
    schema = client.get(link["href"]).json()
    assert list(schema["properties"]) == list(layer.queryables())
    for field_name, spec in schema["properties"].items():
        field = layer.field_get(field_name)
        assert spec["title"] == str(field.label)
        assert spec["type"] == {"date": "string"}.get(field.type, field.type)
    key, _ = SAMPLES[name](full_world)
    sample = read(client, full_world, layer, "ogc")
    query = {
        q: str(sample[q]).lower() if isinstance(sample[q], bool) else sample[q]
        for q in layer.queryables()
        if sample[q] is not None
    }
    items = client.get(f"/ogc/collections/{name}/items", {**query, "limit": 10000}).json()
    assert key in [f["properties"][layer.id_property] for f in items["features"]]
    if "name" in query:  # the filter is applied
        assert client.get(f"/ogc/collections/{name}/items", {"name": "no such name"}).json()["features"] == []
