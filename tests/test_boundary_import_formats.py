"""Good boundary files import from every format: Shapefile (plain and zipped), GeoPackage,
GeoJSON and KML; VN-2000 coordinates land where pyproj puts them; legacy names become
Unicode; a second import of the same file changes nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import translation
from pyproj import Transformer

from geo.imports.service import boundaries_import
from geo.models import AdminUnit, CommuneKind
from tests.boundary_files import boundary_file_write, square
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db

PROVINCE = [{"code": "71", "name": "Tỉnh Thử Nghiệm", "wkt": square(105.0, 21.0, 0.2)}]
COMMUNES = [
    {
        "code": "71001",
        "name": "Xã Tân Lợi",
        "parent": "71",
        "population": 1200,
        "wkt": square(105.0, 21.0, 0.1),
    },
    {
        "code": "71002",
        "name": "Phường Hội An",
        "parent": "71",
        "population": 3400,
        "wkt": square(105.1, 21.0, 0.1),
    },
    {
        "code": "71003",
        "name": "Thị trấn Hà Lam",
        "parent": "71",
        "population": 0,
        "wkt": square(105.0, 21.1, 0.1),
    },
]


@pytest.fixture
def province(tmp_path):
    path = boundary_file_write(tmp_path / "province.geojson", PROVINCE)
    boundaries_import(path=path, level="province", valid_from=datetime.date(2020, 1, 1))
    return AdminUnit.current.get(code="71")


def imported_communes():
    return {
        unit.code: (unit.name, unit.kind, unit.parent.code, unit.population, round(unit.area_m2 / 1e6, 1))
        for unit in AdminUnit.current.filter(code__startswith="710").select_related("parent")
    }


@pytest.mark.parametrize("suffix", [".shp", ".zip", ".gpkg", ".geojson", ".kml"])
def test_each_format_imports_the_communes_with_names_parents_and_kinds(tmp_path, province, suffix):
    path = boundary_file_write(tmp_path / f"communes{suffix}", COMMUNES)
    report = boundaries_import(
        path=path, level="commune", parent_field="parent", valid_from=datetime.date(2020, 1, 1)
    )
    assert (report.created, report.unchanged, report.problems if hasattr(report, "problems") else []) == (
        3,
        0,
        [],
    )
    communes = imported_communes()
    assert set(communes) == {"71001", "71002", "71003"}
    assert communes["71001"][:4] == ("Xã Tân Lợi", CommuneKind.XA, "71", 1200)
    assert communes["71002"][1] == CommuneKind.PHUONG
    assert communes["71003"][1] == CommuneKind.THI_TRAN
    assert 100 < communes["71001"][4] < 130  # 0.1° × 0.1° at 21°N ≈ 115 km²


def test_parent_is_found_by_location_when_the_file_has_no_parent_field(tmp_path, province):
    units = [{k: v for k, v in unit.items() if k != "parent"} for unit in COMMUNES]
    path = boundary_file_write(tmp_path / "communes.gpkg", units)
    boundaries_import(path=path, level="commune", valid_from=datetime.date(2020, 1, 1))
    assert {code: row[2] for code, row in imported_communes().items()} == dict.fromkeys(
        ["71001", "71002", "71003"], "71"
    )


def test_vn2000_utm_coordinates_given_with_srid_land_within_a_metre_of_pyproj(tmp_path, province):
    path = boundary_file_write(tmp_path / "communes.shp", COMMUNES, srid=3405, prj=False)
    report = boundaries_import(
        path=path, level="commune", parent_field="parent", srid=3405, valid_from=datetime.date(2020, 1, 1)
    )
    assert report.created == 3
    to_metres = Transformer.from_crs(4326, 3405, always_xy=True)
    to_degrees = Transformer.from_crs(3405, 4326, always_xy=True)
    corner_x, corner_y = to_metres.transform(105.0, 21.0)
    expected = to_degrees.transform(corner_x, corner_y)
    unit = AdminUnit.current.get(code="71001")
    nearest = min(unit.geom.coords[0][0], key=lambda c: (c[0] - expected[0]) ** 2 + (c[1] - expected[1]) ** 2)
    dx = (nearest[0] - expected[0]) * 111_320 * 0.9336  # cos(21°)
    dy = (nearest[1] - expected[1]) * 110_700
    assert (dx**2 + dy**2) ** 0.5 < 1.0


def test_a_shapefile_in_tcvn3_gets_unicode_names(tmp_path, province):
    legacy = {
        "Xã Tân Lợi": "X· T©n Lîi",
        "Phường Hội An": "Ph\u00adêng Héi An",
        "Thị trấn Hà Lam": "ThÞ trÊn Hµ Lam",
    }
    units = [unit | {"name": legacy[unit["name"]]} for unit in COMMUNES]
    path = boundary_file_write(tmp_path / "communes.shp", units, encoding="latin1")
    report = boundaries_import(
        path=path, level="commune", parent_field="parent", valid_from=datetime.date(2020, 1, 1)
    )
    assert {code: row[0] for code, row in imported_communes().items()} == {
        "71001": "Xã Tân Lợi",
        "71002": "Phường Hội An",
        "71003": "Thị trấn Hà Lam",
    }
    assert any("TCVN3" in str(warning) for warning in report.warnings)


def test_the_same_file_twice_changes_nothing_the_second_time(tmp_path, province):
    path = boundary_file_write(tmp_path / "communes.zip", COMMUNES, srid=5899)
    first = boundaries_import(
        path=path, level="commune", parent_field="parent", valid_from=datetime.date(2020, 1, 1)
    )
    before = table_checksums()
    second = boundaries_import(
        path=path, level="commune", parent_field="parent", valid_from=datetime.date(2024, 1, 1)
    )
    assert (first.created, second.created, second.replaced, second.updated, second.unchanged) == (
        3,
        0,
        0,
        0,
        3,
    )
    assert table_checksums() == before


def test_the_command_prints_progress_on_stderr_and_a_summary(tmp_path, province, capsys):
    path = boundary_file_write(tmp_path / "communes.geojson", COMMUNES)
    call_command(
        "import_boundaries",
        str(path),
        "--level",
        "commune",
        "--parent-field",
        "parent",
        "--valid-from",
        "2020-01-01",
    )
    out, err = capsys.readouterr()
    assert "đã kiểm tra 3/3 đối tượng (100%)" in err
    assert "communes.geojson: 3 đối tượng (WGS 84); 3 đơn vị mới" in out


def test_a_repairable_invalid_polygon_is_imported_with_a_warning(tmp_path, province):
    # A square whose edge doubles back on itself by 1 m: a spike, repaired away.
    wkt = (
        "POLYGON((105 21, 105.1 21, 105.1 21.1, 105.05 21.1, 105.05 21.10001, 105.05 21.1, 105 21.1, 105 21))"
    )
    path = boundary_file_write(tmp_path / "spike.geojson", [COMMUNES[0] | {"wkt": wkt}])
    report = boundaries_import(
        path=path, level="commune", parent_field="parent", valid_from=datetime.date(2020, 1, 1)
    )
    assert report.created == 1
    [warning] = [w for w in report.warnings if w.field == "geometry"]
    assert (warning.row, warning.code) == (1, "71001")
    assert "đã được sửa" in warning.reason
    assert AdminUnit.current.get(code="71001").geom.valid


def test_a_file_with_the_export_properties_keeps_kind_and_parent(tmp_path, province):
    units = [
        {
            "code": "71001",
            "name": "Xã Hoà Bình",
            "level": "commune",
            "parent_code": "71",
            "kind": "phuong",
            "population": 5000,
            "area_m2": 1.0,
            "is_border": False,
            "wkt": square(105.0, 21.0, 0.1),
        }
    ]
    path = boundary_file_write(tmp_path / "communes.geojson", units)
    boundaries_import(path=path, level="commune", valid_from=datetime.date(2020, 1, 1))
    assert imported_communes()["71001"][:4] == ("Xã Hoà Bình", CommuneKind.PHUONG, "71", 5000)


def test_a_geopackage_with_several_polygon_layers_reads_the_first_and_says_so(tmp_path, province):
    import pyogrio

    path = boundary_file_write(tmp_path / "both.gpkg", COMMUNES)
    pyogrio.write_dataframe(pyogrio.read_dataframe(path), path, layer="zz_other", append=False)
    with translation.override("en"):
        report = boundaries_import(path=path, level="commune", valid_from=datetime.date(2020, 1, 1))
        warnings = [str(w) for w in report.warnings]
    assert report.created == 3
    assert any("several polygon layers (both, zz_other); only both was read" in w for w in warnings)
