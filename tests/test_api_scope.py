"""An inspector of district A sees nothing of district B through the REST API (lists,
details, nested lists), the OGC API (items, one item) or the vector tiles."""

import mapbox_vector_tile
import pytest

from tests import api_world

pytestmark = pytest.mark.django_db
world, inspector_client = api_world.world, api_world.inspector_client


def names(body) -> set[str]:
    return {f["properties"]["name"] for f in body["features"]}


def test_inspector_lists_only_own_district_through_the_rest_api(inspector_client, world):
    body = inspector_client.get("/api/establishments/?page_size=1000").json()
    assert body["type"] == "FeatureCollection"
    assert body["count"] == len(world["inside"])
    assert not any(name.startswith("Karaoke B") for name in names(body))
    assert names(inspector_client.get("/api/counselling-points/").json()) == {"Điểm tư vấn A"}
    assert names(inspector_client.get("/api/treatment-facilities/").json()) == {"Cơ sở cai nghiện A"}
    assert [f["id"] for f in inspector_client.get("/api/communes/").json()["features"]] == ["73101"]
    assert [f["id"] for f in inspector_client.get("/api/districts/").json()["features"]] == ["731"]
    assert inspector_client.get("/api/provinces/").json()["features"] == []


def test_inspector_asking_for_district_b_gets_nothing(inspector_client, world):
    assert inspector_client.get("/api/establishments/?district=732").json()["count"] == 0
    assert inspector_client.get("/api/establishments/?bbox=105.02,7,105.04,7.02").json()["count"] == 0


def test_details_outside_the_area_are_not_found(inspector_client, world):
    outside = world["outside"][0]
    inside = world["inside"][0]
    assert inspector_client.get(f"/api/establishments/{inside.pk}/").status_code == 200
    assert inspector_client.get(f"/api/establishments/{outside.pk}/").status_code == 404
    assert inspector_client.get(f"/api/establishments/{outside.pk}/inspections/").status_code == 404
    assert inspector_client.get("/api/communes/73201/").status_code == 404
    assert inspector_client.get(f"/api/counselling-points/{world['points']['b'].pk}/").status_code == 404


def test_ogc_items_and_item_stay_inside_the_area(inspector_client, world):
    body = inspector_client.get("/ogc/collections/establishments/items?limit=1000").json()
    assert body["numberMatched"] == len(world["inside"])
    assert not any(name.startswith("Karaoke B") for name in names(body))
    outside = world["outside"][0]
    assert inspector_client.get(f"/ogc/collections/establishments/items/{outside.pk}").status_code == 404
    assert inspector_client.get("/ogc/collections/communes/items/73201").status_code == 404
    communes = inspector_client.get("/ogc/collections/communes/items").json()
    assert [f["id"] for f in communes["features"]] == ["73101"]


def test_tiles_hold_only_the_area(inspector_client, world):
    tile_names = set()
    for lat in (7.005, 7.015):  # the two zoom-10 tiles holding both districts
        x, y = api_world.tile_of(105.02, lat, 10)
        response = inspector_client.get(f"/tiles/establishments/10/{x}/{y}.pbf")
        assert response.status_code == 200
        layer = mapbox_vector_tile.decode(response.content)["establishments"]
        tile_names |= {f["properties"]["name"] for f in layer["features"]}
    assert tile_names == {e.name for e in world["inside"]}
    x, y = api_world.tile_of(105.02, 7.01, 7)  # one tile holds both districts
    layers = mapbox_vector_tile.decode(inspector_client.get(f"/tiles/communes/7/{x}/{y}.pbf").content)
    assert [f["properties"]["code"] for f in layers["communes"]["features"]] == ["73101"]


def test_sensitive_sites_classifications_and_inspections_stay_inside_the_area(inspector_client, world):
    from monitoring.models import Classification, Inspection, SensitiveSite

    SensitiveSite.objects.create(kind="school", name="Trường A", location="POINT(105.012 7.012)")
    SensitiveSite.objects.create(kind="school", name="Trường B", location="POINT(105.032 7.012)")
    for unit in (world["commune_a"], world["commune_b"]):
        Classification.objects.create(unit=unit, year=2025, scheme="qd28_2025", drug_class="drug_free")
    for place in (world["inside"][0], world["outside"][0]):
        Inspection.objects.create(establishment=place, date="2025-03-01", team="Đội 178", result="compliant")
    assert names(inspector_client.get("/api/sensitive-sites/").json()) == {"Trường A"}
    assert names(inspector_client.get("/api/sensitive-sites/?district=732").json()) == set()
    rows = inspector_client.get("/api/classifications/?year=2025").json()["results"]
    assert [row["commune_code"] for row in rows] == ["73101"]
    visits = inspector_client.get("/api/inspections/").json()["results"]
    assert [v["establishment"] for v in visits] == [world["inside"][0].pk]
    nested = inspector_client.get(f"/api/establishments/{world['inside'][0].pk}/inspections/").json()
    assert [v["team"] for v in nested["results"]] == ["Đội 178"]


def test_reference_layers_read_for_everyone_with_the_permission(inspector_client, world):
    border = inspector_client.get("/api/border/").json()
    assert {f["properties"]["neighbour"] for f in border["features"]} == {"CHN", "LAO", "KHM"}
    assert inspector_client.get("/api/indicators/").json()["count"] > 5
