"""Importing places of every kind from CSV and XLSX: lon/lat or VN-2000 x/y, natural keys
that make a second import change nothing, corrected fields updated in place."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook
from pyproj import Geod, Transformer

from monitoring.imports.places import places_import
from monitoring.imports.problems import ImportFileError
from monitoring.models import CounsellingPoint, Establishment, TreatmentFacility
from tests.import_units import build_units
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def units():
    return build_units()


def write_csv(path: Path, rows) -> Path:
    path.write_text("".join(",".join(map(str, row)) + "\n" for row in rows), encoding="utf-8")
    return path


ESTABLISHMENTS = [
    ["type", "name", "address", "licence_number", "prone", "status", "lon", "lat"],
    ["karaoke", "Karaoke Hoa Mai", "1 Lê Lợi", "12/GCN", "có", "", "105.005", "20.005"],
    ["Nhà nghỉ", "Nhà nghỉ Bình An", "3 Trần Phú", "", "0", "closed", "105.015", "20.005"],
]


def test_establishments_are_imported_with_their_commune_derived(units, tmp_path):
    report = places_import(path=write_csv(tmp_path / "e.csv", ESTABLISHMENTS), kind="establishment")
    assert (report.created, report.changed, report.unchanged) == (2, 0, 0)
    rows = sorted(
        Establishment.objects.filter(is_demo=False).values_list(
            "type", "name", "licence_number", "prone", "status", "commune__code"
        )
    )
    assert rows == [
        ("guesthouse", "Nhà nghỉ Bình An", "", False, "closed", "10002"),
        ("karaoke", "Karaoke Hoa Mai", "12/GCN", True, "active", "10001"),
    ]


def test_importing_the_same_establishments_twice_changes_nothing(units, tmp_path):
    path = write_csv(tmp_path / "e.csv", ESTABLISHMENTS)
    places_import(path=path, kind="establishment")
    before = table_checksums()
    report = places_import(path=path, kind="establishment")
    assert (report.created, report.changed, report.unchanged) == (0, 0, 2)
    assert table_checksums() == before


def test_an_establishment_with_the_same_licence_is_updated_not_duplicated(units, tmp_path):
    places_import(path=write_csv(tmp_path / "e.csv", ESTABLISHMENTS), kind="establishment")
    moved = [
        ESTABLISHMENTS[0],
        ["karaoke", "Karaoke Hoa Mai Mới", "1 Lê Lợi", "12/GCN", "1", "", "105.025", "20.005"],
    ]
    report = places_import(path=write_csv(tmp_path / "moved.csv", moved), kind="establishment")
    assert (report.created, report.changed, report.unchanged) == (0, 1, 0)
    place = Establishment.objects.get(licence_number="12/GCN")
    assert (place.name, place.commune.code) == ("Karaoke Hoa Mai Mới", "10003")


def test_an_xlsx_of_treatment_facilities_is_imported(units, tmp_path):
    book = Workbook()
    for row in [
        ["kind", "name", "capacity", "lon", "lat"],
        ["methadone", "Phòng khám Methadone", 120, 105.005, 20.005],
    ]:
        book.active.append(row)
    book.save(tmp_path / "f.xlsx")
    places_import(path=tmp_path / "f.xlsx", kind="treatment-facility")
    assert list(
        TreatmentFacility.objects.filter(is_demo=False).values_list(
            "kind", "name", "capacity", "commune__code"
        )
    ) == [("methadone", "Phòng khám Methadone", 120, "10001")]


def test_counselling_points_in_vn2000_metres_land_within_a_metre_of_pyproj(units, tmp_path):
    to_vn2000 = Transformer.from_crs(4326, 3405, always_xy=True)
    x, y = to_vn2000.transform(105.005, 20.005)
    rows = [
        ["name", "status", "opened_on", "staff", "x", "y"],
        ["Điểm tư vấn Hòa Bình", "active", "2024-05-01", 3, x, y],
    ]
    call_command(
        "import_places",
        str(write_csv(tmp_path / "c.csv", rows)),
        "--kind",
        "counselling-point",
        "--srid",
        "3405",
    )
    point = CounsellingPoint.objects.get(is_demo=False)
    lon, lat = Transformer.from_crs(3405, 4326, always_xy=True).transform(x, y)
    assert Geod(ellps="WGS84").inv(lon, lat, point.location.x, point.location.y)[2] < 1
    assert (point.commune.code, point.staff, str(point.opened_on)) == ("10001", 3, "2024-05-01")


def test_an_active_counselling_point_needs_an_opening_date(units, tmp_path):
    rows = [["name", "lon", "lat"], ["Điểm tư vấn", "105.005", "20.005"]]
    with pytest.raises(ImportFileError) as caught:
        places_import(path=write_csv(tmp_path / "c.csv", rows), kind="counselling-point")
    assert caught.value.lines == [
        'c.csv row 2, field opened_on, value "": missing for an active point; write the opening date '
        "(YYYY-MM-DD) or set status to planned."
    ]


def test_a_scoped_user_cannot_import_places_outside_their_communes(units, tmp_path):
    rows = [*ESTABLISHMENTS[:2], ["bar", "Bar Xa", "", "", "", "", "105.055", "20.005"]]
    with pytest.raises(ImportFileError) as caught:
        places_import(
            path=write_csv(tmp_path / "e.csv", rows), kind="establishment", allowed={units["10001"].id}
        )
    assert caught.value.lines == [
        'e.csv row 3, field lon,lat, value "105.055000, 20.005000": outside your areas; remove the row or ask '
        "an administrator to add the commune to your areas."
    ]
    assert not Establishment.objects.filter(is_demo=False).exists()


def test_the_command_refuses_an_unknown_kind(units, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'shop'"):
        call_command("import_places", str(tmp_path / "x.csv"), "--kind", "shop")
