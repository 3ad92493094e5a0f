"""Every file of the bad-boundary corpus (``tests/data/bad/boundaries``, made by
``tests/data/bad/make_boundary_files.py``) is refused with a message naming the file,
feature, field and value and saying how to fix it, and leaves every table unchanged.
Files in ``tests/data/boundaries`` import with warnings."""

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from geo.imports.errors import BoundaryImportError
from geo.imports.service import boundaries_import
from geo.models import AdminUnit
from tests.boundary_files import boundary_file_write, square
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad" / "boundaries"

# file → words its message must hold (the file name is always checked too)
EXPECTED = {
    "self_intersecting_bowtie.geojson": [
        "feature 2",
        "code 71002",
        "field geometry",
        "Self-intersection",
        "area by",
    ],
    "collapsed_polygon.geojson": ["feature 2", "field geometry", "no area once repaired", "Redraw"],
    "duplicate_codes.geojson": ["feature 4", 'field code, value "71002"', "same code as feature 2"],
    "missing_code.geojson": ["feature 2", 'field code, value ""', "code is missing"],
    "missing_code_field.geojson": ["no code field", "fields: ten", "--code-field"],
    "unknown_parent.geojson": [
        "feature 1",
        'field parent, value "00"',
        "no current unit of a higher level",
        "Import the higher",
    ],
    "unknown_parent_and_bad_rows.geojson": [
        "3 problems",
        'feature 1, code 71001, field parent, value "00"',
        'feature 2, code 71002, field geometry, value "Point"',
        'feature 3, code 71003, field parent, value "01"',
    ],
    "points_not_polygons.geojson": ["feature 1", 'field geometry, value "Point"', "not a polygon"],
    "population_not_a_number.geojson": [
        "feature 1",
        'field population, value "khoảng 5 nghìn"',
        "not a number",
    ],
    "several_bad_rows.geojson": ["3 problems", "feature 2,", "feature 3,", 'field population, value "-12"'],
    "outside_vietnam.geojson": [
        'field bbox, value "2.35, 48.85, 2.4, 48.9"',
        "not degrees in Vietnam",
        "--srid",
    ],
    "metres_in_geojson.geojson": ["metres but the file says they are degrees", "--srid 3405"],
    "metres_labelled_degrees.shp": ["metres but the file says they are degrees (WGS 84)", "--srid 3405"],
    "vn2000_without_prj.zip": ['field bbox, value "504999', "no coordinate system (.prj)", "--srid 3405"],
    "empty.geojson": ["the file is empty"],
    "no_features.geojson": ["no features"],
    "no_placemarks.kml": ["no features", "KML without placemarks"],
    "not_json.geojson": ["not valid JSON (line 2, column 12"],
    "truncated.zip": ["truncated or damaged"],
    "shp_without_dbf.zip": [".dbf file (the attributes) is missing", "Send the .shp with its .shx, .dbf"],
    "zip_without_shp.zip": ["holds no .shp", "Put the .shp"],
}


@pytest.fixture
def existing_units(tmp_path):
    """A province and a commune already imported, so 'unchanged' means something."""
    province = boundary_file_write(
        tmp_path / "p.geojson", [{"code": "72", "name": "Tỉnh B", "wkt": square(106, 22)}]
    )
    boundaries_import(path=province, level="province", valid_from=datetime.date(2020, 1, 1))
    commune = boundary_file_write(
        tmp_path / "c.geojson", [{"code": "72001", "name": "Xã C", "wkt": square(106, 22)}]
    )
    boundaries_import(path=commune, level="commune", valid_from=datetime.date(2020, 1, 1))


def test_the_corpus_has_every_file_the_test_expects():
    on_disk = {p.name for p in BAD.iterdir() if p.suffix not in (".dbf", ".shx", ".prj", ".cpg")}
    assert on_disk == set(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_file_is_refused_with_its_reason_and_changes_nothing(name, existing_units):
    before = table_checksums()
    with translation.override("en"), pytest.raises(BoundaryImportError) as error:
        boundaries_import(
            path=BAD / name,
            level="commune",
            parent_field="parent" if "parent" in name else None,
            valid_from=datetime.date(2025, 7, 1),
        )
    message = str(error.value)
    assert message.startswith(f"{name} cannot be imported")
    for words in EXPECTED[name]:
        assert words in message
    assert all(problem.reason and problem.file == name for problem in error.value.problems)
    assert table_checksums() == before


@pytest.mark.parametrize("name", ["tcvn3_names.zip", "vni_names.zip"])
def test_legacy_encoded_names_are_converted(name):
    report = boundaries_import(
        path=DATA / "boundaries" / name, level="commune", valid_from=datetime.date(2020, 1, 1)
    )
    assert report.created == 3
    names = list(
        AdminUnit.current.filter(code__in=["71001", "71002", "71003"]).values_list("name", flat=True)
    )
    assert names == ["Xã Tân Lợi", "Phường Hội An", "Thị trấn Hà Lam"]


def test_a_repairable_geometry_imports_with_a_warning():
    with translation.override("en"):
        report = boundaries_import(
            path=DATA / "boundaries" / "repairable_spike.geojson",
            level="commune",
            valid_from=datetime.date(2020, 1, 1),
        )
        warnings = [str(w) for w in report.warnings if w.field == "geometry"]
    assert report.created == 1
    assert warnings == [
        "repairable_spike.geojson, feature 1, code 71001, field geometry: invalid geometry "
        "(Self-intersection[105.05 21.10001]) repaired; its area changed by 0.000%."
    ]


def test_a_zip_that_would_unpack_too_large_is_refused_before_unpacking(settings):
    settings.BOUNDARY_ZIP_MAX_MB = 1 / 1024  # 1 KB
    before = table_checksums()
    with translation.override("en"), pytest.raises(BoundaryImportError) as error:
        boundaries_import(path=DATA / "boundaries" / "tcvn3_names.zip", level="commune")
    assert "tcvn3_names.zip: the zip would unpack to 1.3\xa0KB, more than 1.0\xa0KB." in str(error.value)
    assert table_checksums() == before
