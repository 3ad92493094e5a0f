"""Every layer in every format gives a file GDAL reads back with the selector's rows, the
layer's property names, WGS 84, right-hand rings and the metadata."""

import json

import openpyxl
import pyogrio
import pytest
from shapely.geometry import shape

from geo.models import AdminUnit, BorderLine, Level
from monitoring.exports import export_prepare, export_write, format_get
from monitoring.layers import LAYERS
from monitoring.models import CaseCount, CounsellingPoint, Establishment, SensitiveSite, TreatmentFacility
from tests import export_data

pytestmark = pytest.mark.django_db

EXPECTED = {
    "communes": lambda: AdminUnit.current.filter(level=Level.COMMUNE).count(),
    "districts": lambda: AdminUnit.current.filter(level=Level.DISTRICT).count(),
    "provinces": lambda: AdminUnit.current.filter(level=Level.PROVINCE).count(),
    "establishments": lambda: Establishment.objects.count(),
    "counselling-points": lambda: CounsellingPoint.objects.count(),
    "treatment-facilities": lambda: TreatmentFacility.objects.count(),
    "border": lambda: BorderLine.objects.count(),
    "sensitive-sites": lambda: SensitiveSite.objects.count(),
    "case-counts": lambda: CaseCount.objects.filter(unit__level=Level.COMMUNE).count(),
}
CSV_OPTIONS = {"X_POSSIBLE_NAMES": "lon", "Y_POSSIBLE_NAMES": "lat", "GEOM_POSSIBLE_NAMES": "wkt"}
CSV_OPTIONS |= {"KEEP_GEOM_COLUMNS": "NO", "HEADERS": "YES"}


@pytest.fixture
def world():
    return export_data.small_province()


def write(tmp_path, layer: str, fmt: str, **params):
    path = tmp_path / f"{layer}.{fmt}"
    export = export_prepare(layer_name=layer, params=params, user=None)
    export_write(export, format_get(fmt), path)
    return path, export


def read_back(path, fmt: str, layer: str):
    """(data frame, metadata) as a GIS user would open the file."""
    if fmt == "geojson":
        return pyogrio.read_dataframe(path), json.loads(path.read_text())["metadata"]
    if fmt == "csv":
        return pyogrio.read_dataframe(path, **CSV_OPTIONS), None
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(path)["metadata"]
        metadata = {key: value for key, value in sheet.iter_rows(min_row=2, values_only=True)}
        return pyogrio.read_dataframe(path, layer="data", HEADERS="FORCE"), metadata
    info = pyogrio.read_info(path, layer=layer)
    return pyogrio.read_dataframe(path, layer=layer), info["layer_metadata"]


@pytest.mark.parametrize("fmt", ["geojson", "csv", "xlsx", "gpkg"])
@pytest.mark.parametrize("layer", list(LAYERS))
def test_layer_in_format_reads_back_complete(tmp_path, world, layer, fmt):
    path, export = write(tmp_path, layer, fmt)
    frame, metadata = read_back(path, fmt, layer)
    expected_rows = EXPECTED[layer]()
    assert expected_rows > 0
    assert len(frame) == expected_rows == export.rows_written
    names = [c for c in frame.columns if c not in ("geometry", "lon", "lat")]
    if fmt == "geojson" and LAYERS[layer].id_property != "id":
        # A feature id that is a string (a unit's code, a neighbour's code) is read by GDAL
        # as an "id" field.
        assert list(frame["id"]) == list(frame[LAYERS[layer].id_property])
        names.remove("id")
    assert names == LAYERS[layer].property_names()
    if fmt in ("geojson", "gpkg") and LAYERS[layer].geometry:
        assert pyogrio.read_info(path, layer=None if fmt == "geojson" else layer)["crs"] == "EPSG:4326"
    if fmt == "xlsx" and LAYERS[layer].geometry:
        assert {"lon", "lat"} <= set(frame.columns)
    if fmt != "csv":
        assert metadata["layer"] == layer
        assert metadata["source"] == LAYERS[layer].source
        assert metadata["attribution"] == LAYERS[layer].attribution
        assert metadata["generated_at"]


def test_polygons_have_counter_clockwise_exterior_rings(tmp_path, world):
    assert (
        not shape(json.loads(world["communes"]["73101"].geom.json)).geoms[0].exterior.is_ccw
    )  # stored clockwise
    path, _export = write(tmp_path, "communes", "geojson")
    for feature in json.loads(path.read_text())["features"]:
        for polygon in shape(feature["geometry"]).geoms:
            assert polygon.exterior.is_ccw
            assert all(not ring.is_ccw for ring in polygon.interiors)


def test_points_have_six_decimals_and_lon_lat_order(tmp_path, world):
    path, _export = write(tmp_path, "establishments", "geojson", commune="73101")
    (feature,) = json.loads(path.read_text())["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [105.005, 7.01]}
    assert feature["id"] == world["in_a"].id
    assert feature["properties"]["commune_code"] == "73101"


def test_metadata_names_filter_period_and_data_date(tmp_path, world):
    path, _export = write(
        tmp_path, "case-counts", "gpkg", period_from="2026-06", indicator="illegal_users", unit="73"
    )
    frame, metadata = read_back(path, "gpkg", "case-counts")
    assert sorted(frame["period"].unique()) == ["2026-06"]
    assert json.loads(metadata["filter"]) == {
        "period_from": "2026-06",
        "indicator": "illegal_users",
        "unit": "73",
    }
    assert metadata["period"] == "2026-06/.."
    assert metadata["data_date"] == "2026-06-01"
    assert pyogrio.read_info(path, layer="case-counts")["geometry_type"] is None


@pytest.mark.parametrize("fmt", ["geojson", "csv", "xlsx", "gpkg"])
def test_an_empty_selection_is_a_valid_empty_file(tmp_path, world, fmt):
    path, export = write(tmp_path, "establishments", fmt, type="sauna", province="73")
    assert export.rows_written == 0
    if fmt == "xlsx":  # GDAL takes a lone header row for data: read the sheet itself
        rows = list(openpyxl.load_workbook(path)["data"].iter_rows(values_only=True))
        assert rows == [tuple([*LAYERS["establishments"].property_names(), "lon", "lat"])]
        return
    frame, _metadata = read_back(path, fmt, "establishments")
    assert len(frame) == 0
    if fmt != "geojson":  # an empty FeatureCollection has no schema
        assert [c for c in frame.columns if c != "geometry"] == LAYERS["establishments"].property_names()
