"""Importing sensitive sites from CSV and XLSX: all or nothing, idempotent, every bad row
reported with an exact message, VN-2000 metres transformed as pyproj does."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook
from pyproj import Geod, Transformer

from monitoring.models import SensitiveSite
from monitoring.services.sensitive_sites import SensitiveSiteImportError, sensitive_sites_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """These tests read the English wording; the Vietnamese one is checked elsewhere."""
    from django.utils import translation

    with translation.override("en"):
        yield


GEOD = Geod(ellps="WGS84")

GOOD = [
    ["kind", "name", "address", "lon", "lat"],
    ["school", "Trường THCS Lê Lợi", "12 Lê Lợi", "108.2101", "16.0502"],
    ["hospital", "Bệnh viện Đa khoa", "", "108.2200", "16.0600"],
    ["religious", "Chùa Linh Ứng", "Sơn Trà", "108.2770", "16.1000"],
    ["heritage", "Thành Điện Hải", "", "108.2190", "16.0750"],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def stored():
    return sorted(
        (s.kind, s.name, s.address, round(s.location.x, 6), round(s.location.y, 6))
        for s in SensitiveSite.objects.filter(is_demo=False)
    )


EXPECTED = sorted((r[0], r[1], r[2], float(r[3]), float(r[4])) for r in GOOD[1:])


def test_a_good_csv_file_is_imported(tmp_path):
    report = sensitive_sites_import(path=write_csv(tmp_path / "sites.csv", GOOD))
    assert (report.created, report.unchanged) == (4, 0)
    assert stored() == EXPECTED


def test_a_good_xlsx_file_is_imported_with_numbers_as_cells(tmp_path):
    rows = [GOOD[0]] + [[k, n, a, float(x), float(y)] for k, n, a, x, y in GOOD[1:]]
    report = sensitive_sites_import(path=write_xlsx(tmp_path / "sites.xlsx", rows))
    assert (report.created, report.unchanged) == (4, 0)
    assert stored() == EXPECTED


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "sites.csv", GOOD)
    sensitive_sites_import(path=path)
    before = sorted(SensitiveSite.objects.values_list("id", "kind", "name", "address", "location"))
    report = sensitive_sites_import(path=path)
    assert (report.created, report.unchanged) == (0, 4)
    assert sorted(SensitiveSite.objects.values_list("id", "kind", "name", "address", "location")) == before


def test_every_bad_row_is_reported_at_once_and_nothing_is_imported(tmp_path):
    SensitiveSite.objects.create(kind="school", name="Already here", location="SRID=4326;POINT(108.1 16.1)")
    rows = [
        *GOOD[:3],
        ["church", "Nhà thờ", "", "108.2", "16.0"],
        ["school", "", "", "abc", "16.0"],
        ["hospital", "Bệnh viện Pháp", "", "2.35", "48.85"],
        ["school", "Trường swapped", "", "16.05", "108.21"],
        ["heritage", "Tháp", "", "108.2", ""],
    ]
    with pytest.raises(SensitiveSiteImportError) as caught:
        sensitive_sites_import(path=write_csv(tmp_path / "sites.csv", rows))
    assert caught.value.lines == [
        'sites.csv row 4, field kind, value "church": unknown kind; use one of school, hospital, '
        "religious, heritage.",
        'sites.csv row 5, field name, value "": missing; write the site’s name.',
        'sites.csv row 5, field lon, value "abc": not a number; write the longitude in degrees, e.g. 108.21.',
        'sites.csv row 6, field lon, value "2.35": outside Vietnam (102–110°E); write the longitude in '
        "degrees, e.g. 108.21.",
        'sites.csv row 6, field lat, value "48.85": outside Vietnam (8–24°N); write the latitude in '
        "degrees, e.g. 16.05.",
        'sites.csv row 7, field lon, value "16.05": longitude and latitude look swapped; put the '
        "longitude (102–110) in lon and the latitude (8–24) in lat.",
        'sites.csv row 8, field lat, value "": missing; write the latitude in degrees, e.g. 16.05.',
    ]
    assert str(caught.value).startswith("sites.csv cannot be imported (7 problems); nothing was imported:\n")
    assert list(SensitiveSite.objects.filter(is_demo=False).values_list("name", flat=True)) == [
        "Already here"
    ]


def test_an_empty_file_is_refused_with_the_header_to_write(tmp_path):
    with pytest.raises(SensitiveSiteImportError) as caught:
        sensitive_sites_import(path=write_csv(tmp_path / "sites.csv", []))
    assert caught.value.lines == [
        "sites.csv: the file is empty; write the header kind,name,address,lon,lat and one row per site."
    ]


def test_a_header_without_sites_is_refused(tmp_path):
    with pytest.raises(SensitiveSiteImportError) as caught:
        sensitive_sites_import(path=write_csv(tmp_path / "sites.csv", GOOD[:1]))
    assert caught.value.lines == [
        "sites.csv: the file has a header but no sites; add one row per site under it."
    ]


def test_a_header_missing_columns_names_each_of_them(tmp_path):
    rows = [["kind", "address", "x", "y"], ["school", "", "1", "2"]]
    with pytest.raises(SensitiveSiteImportError) as caught:
        sensitive_sites_import(path=write_csv(tmp_path / "sites.csv", rows))
    hint = "the header must be kind,name,address,lon,lat (for x,y in metres give --srid, e.g. 3405)."
    assert caught.value.lines == [
        f"sites.csv row 1 (header): no column “name”; {hint}",
        f"sites.csv row 1 (header): no column “lon”; {hint}",
        f"sites.csv row 1 (header): no column “lat”; {hint}",
    ]


def test_vn2000_metres_with_srid_3405_land_within_a_metre_of_pyproj(tmp_path):
    points = {"Trường Hà Nội": (585000.0, 2326000.0), "Bệnh viện Hải Phòng": (660000.0, 2305000.0)}
    rows = [["kind", "name", "address", "x", "y"]] + [
        ["school" if n.startswith("Trường") else "hospital", n, "", str(x), str(y)]
        for n, (x, y) in points.items()
    ]
    report = sensitive_sites_import(path=write_csv(tmp_path / "vn2000.csv", rows), srid=3405)
    assert report.created == 2
    to_wgs84 = Transformer.from_crs(3405, 4326, always_xy=True)
    for name, (x, y) in points.items():
        lon, lat = to_wgs84.transform(x, y)
        site = SensitiveSite.objects.get(name=name)
        _, _, metres = GEOD.inv(lon, lat, site.location.x, site.location.y)
        assert metres < 1, (name, metres)


def test_vn2000_metres_landing_outside_vietnam_are_reported(tmp_path):
    rows = [["kind", "name", "address", "x", "y"], ["school", "Xa", "", "500000", "100"]]
    with pytest.raises(SensitiveSiteImportError) as caught:
        sensitive_sites_import(path=write_csv(tmp_path / "far.csv", rows), srid=3405)
    lon, lat = Transformer.from_crs(3405, 4326, always_xy=True).transform(500000, 100)
    assert caught.value.lines == [
        f'far.csv row 2, field x,y, value "500000, 100": lands at {lon:.5f}°E, {lat:.5f}°N, outside '
        "Vietnam (102–110°E, 8–24°N); check the coordinates and that EPSG:3405 is the file’s "
        "coordinate system."
    ]


def test_the_command_prints_counts_then_errors_with_a_non_zero_exit(tmp_path, capsys):
    path = write_csv(tmp_path / "sites.csv", GOOD)
    call_command("import_sensitive_sites", str(path))
    call_command("import_sensitive_sites", str(path))
    assert capsys.readouterr().out == (
        "4 sensitive sites created, 0 unchanged.\n0 sensitive sites created, 4 unchanged.\n"
    )
    bad = write_csv(tmp_path / "bad.csv", [GOOD[0], ["school", "A", "", "abc", "16"]])
    with pytest.raises(CommandError) as caught:
        call_command("import_sensitive_sites", str(bad), "--srid", "4326")
    assert caught.value.returncode == 1
    assert str(caught.value).endswith(
        'bad.csv row 2, field lon, value "abc": not a number; write the longitude in degrees, e.g. 108.21.'
    )
