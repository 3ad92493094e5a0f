"""Web exports apply the user's areas and permissions in every format, honour the page's
filters, and answer bad requests with a clear 4xx."""

import csv
import io
import json

import openpyxl
import pyogrio
import pytest
from django.utils import translation

from tests import export_data

pytestmark = pytest.mark.django_db

FORMATS = ["geojson", "csv", "xlsx", "gpkg"]
NAME_COLUMN = {
    "communes": "code",
    "establishments": "name",
    "counselling-points": "name",
    "treatment-facilities": "name",
    "sensitive-sites": "name",
    "case-counts": "commune_code",
}


@pytest.fixture
def world():
    return export_data.small_province()


def values(response, fmt: str, layer: str, tmp_path) -> list:
    """The ``NAME_COLUMN`` of every row of an export response."""
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content)
    column = NAME_COLUMN[layer]
    if fmt == "geojson":
        return [f["properties"][column] for f in json.loads(content)["features"]]
    if fmt == "csv":
        return [row[column] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))]
    if fmt == "xlsx":
        rows = list(openpyxl.load_workbook(io.BytesIO(content))["data"].iter_rows(values_only=True))
        at = rows[0].index(column)
        return [row[at] for row in rows[1:]]
    path = tmp_path / "x.gpkg"
    path.write_bytes(content)
    return list(pyogrio.read_dataframe(path, layer=layer)[column])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("layer", list(NAME_COLUMN))
def test_inspector_of_district_a_gets_nothing_of_district_b(client, world, tmp_path, layer, fmt):
    user = export_data.account("inspector-a", *export_data.ALL_VIEW_PERMISSIONS, area=world["a"])
    client.force_login(user)
    got = values(client.get(f"/exports/{layer}.{fmt}"), fmt, layer, tmp_path)
    assert got, "the inspector sees their own district"
    outside = {"Karaoke Ngoai B", "Điểm tư vấn B", "Phòng khám Methadone B", "Trường B", "73201", "732", "73"}
    assert not set(got) & outside
    # Asking for district B explicitly gives nothing either.
    if layer == "establishments":
        assert values(client.get(f"/exports/{layer}.{fmt}?district=732"), fmt, layer, tmp_path) == []


@pytest.mark.parametrize(
    ("layer", "permission"),
    [
        ("communes", "geo.view_adminunit"),
        ("districts", "geo.view_adminunit"),
        ("provinces", "geo.view_adminunit"),
        ("establishments", "monitoring.view_establishment"),
        ("counselling-points", "monitoring.view_counsellingpoint"),
        ("treatment-facilities", "monitoring.view_treatmentfacility"),
        ("border", "geo.view_borderline"),
        ("sensitive-sites", "monitoring.view_sensitivesite"),
        ("case-counts", "monitoring.view_casecount"),
    ],
)
def test_each_layer_needs_its_permission(client, world, layer, permission):
    others = [p for p in export_data.ALL_VIEW_PERMISSIONS if p != permission]
    client.force_login(export_data.account("no-perm", *others, area=world["province"]))
    for fmt in FORMATS:
        assert client.get(f"/exports/{layer}.{fmt}").status_code == 403
    client.force_login(export_data.account("with-perm", permission, area=world["province"]))
    assert client.get(f"/exports/{layer}.geojson").status_code == 200


def test_anonymous_visitor_is_sent_to_the_login_page(client, world):
    response = client.get("/exports/communes.geojson")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_bad_requests_get_a_clear_message(client, world):
    client.force_login(
        export_data.account("admin-like", *export_data.ALL_VIEW_PERMISSIONS, area=world["province"])
    )
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        # A .geojson answers JSON (the REST body), any other file the error page.
        response = client.get("/exports/roads.geojson")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert response.json()["detail"].startswith("There is no layer “roads”")
        assert client.get("/exports/communes.shp").status_code == 404
        response = client.get("/exports/establishments.geojson?type=casino")
        assert response.status_code == 400
        assert response.json()["detail"].startswith("type = “casino”: use one of karaoke")
        assert response.json()["parameter"] == "type" and response.json()["value"] == "casino"
        response = client.get("/exports/communes.csv?colour=red")
        assert response.status_code == 400
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert (
            "<p>colour = “red”: this layer has no such filter; use one of code, parent_code, bbox.</p>"
            in response.content.decode()
        )
        response = client.get("/exports/case-counts.csv?period_from=2026-13")
        assert response.status_code == 400
        assert "<p>period_from = “2026-13”: write the month as YYYY-MM.</p>" in response.content.decode()


def test_establishments_filtered_by_commune_and_by_polygon(client, world, tmp_path):
    client.force_login(export_data.account("insp", *export_data.ALL_VIEW_PERMISSIONS, area=world["province"]))
    by_commune = values(
        client.get("/exports/establishments.csv?commune=73102"), "csv", "establishments", tmp_path
    )
    assert by_commune == ["Bar Trong A"]
    polygon = "POLYGON((105.0 7.0, 105.01 7.0, 105.01 7.02, 105.0 7.02, 105.0 7.0))"
    by_polygon = values(
        client.get("/exports/establishments.geojson", {"polygon": polygon}),
        "geojson",
        "establishments",
        tmp_path,
    )
    assert by_polygon == ["Karaoke Trong A"]
    both = values(client.get("/exports/establishments.xlsx?type=karaoke"), "xlsx", "establishments", tmp_path)
    assert sorted(both) == ["Karaoke Ngoai B", "Karaoke Trong A"]


def test_units_by_parent_code_and_bbox_and_counts_by_unit(client, world, tmp_path):
    client.force_login(export_data.account("lead", *export_data.ALL_VIEW_PERMISSIONS, area=world["province"]))
    got = values(client.get("/exports/communes.geojson?parent_code=731"), "geojson", "communes", tmp_path)
    assert got == ["73101", "73102"]
    got = values(
        client.get("/exports/communes.csv?bbox=105.025,7.0,105.03,7.01"), "csv", "communes", tmp_path
    )
    assert got == ["73201"]
    got = values(
        client.get("/exports/case-counts.csv?unit=732&period=2026-06"), "csv", "case-counts", tmp_path
    )
    assert got == ["73201", "73201"]


def test_the_establishments_page_links_to_the_same_export(client, world):
    client.force_login(
        export_data.account("insp2", *export_data.ALL_VIEW_PERMISSIONS, area=world["province"])
    )
    page = client.get("/maps/establishments/?commune=73101").content.decode()
    for fmt in FORMATS:
        assert f'href="/exports/establishments.{fmt}?commune=73101"' in page
