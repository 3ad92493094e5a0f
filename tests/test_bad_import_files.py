"""Every file of the bad-file corpus (``tests/data/bad/counts`` and ``.../places``) is
refused with a message naming its row, field and value, and leaves every ``geo_`` and
``monitoring_`` table exactly as it was (row counts and checksums)."""

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from monitoring.imports.counts import case_counts_import
from monitoring.imports.places import places_import
from monitoring.imports.problems import ImportFileError
from monitoring.models import CaseCount, Indicator
from tests.import_units import build_units
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db
BAD = Path(__file__).parent / "data" / "bad"
JANUARY = datetime.date(2026, 1, 1)

COUNTS = {
    "unknown_commune_code.csv": [
        'unknown_commune_code.csv row 3, field code, value "19999": no current commune has code 19999; '
        "check the code against the official list (5 digits)."
    ],
    "unknown_commune_name.csv": [
        'unknown_commune_name.csv row 3, field name, value "Xã Không Có": no current commune is named '
        "“Xã Không Có”; check the spelling or give the commune code in a “code” column."
    ],
    "ambiguous_name.csv": [
        'ambiguous_name.csv row 2, field name, value "An Phú": 2 current communes are named “An Phú”: '
        "Xã An Phú (10004, Huyện Một); Phường An Phú (10005, Huyện Hai); give the commune code in a "
        "“code” column for this row."
    ],
    "negative_count.csv": [
        'negative_count.csv row 3, field illegal_users, value "-3": negative count; a count is zero or '
        "more; correct the figure."
    ],
    "part_exceeds_whole.csv": [
        'part_exceeds_whole.csv row 2, field addicts_managed, value "9": Phường Hải Châu (10002), 2026-01: '
        "“Addicts with management records” = 9 in this row is larger than its whole “Illegal drug "
        "users” = 5 in this row; a part can never exceed its whole: correct one of the two figures."
    ],
    "part_exceeds_stored_whole.csv": [
        'part_exceeds_stored_whole.csv row 2, field addicts_managed, value "12": Xã Hòa Bình (10001), '
        "2026-01: “Addicts with management records” = 12 in this row is larger than its whole “Illegal "
        "drug users” = 10 already stored; a part can never exceed its whole: correct one of the two "
        "figures."
    ],
    "non_numeric.csv": [
        'non_numeric.csv row 2, field illegal_users, value "mười": not a whole number; write a whole '
        "number of zero or more (no text or decimals), or leave it blank.",
        'non_numeric.csv row 3, field illegal_users, value "5,5": not a whole number; write a whole '
        "number of zero or more (no text or decimals), or leave it blank.",
    ],
    "empty.csv": [
        "empty.csv: the file is empty; write a header (code or name, period, one column per indicator) "
        "and one row per commune."
    ],
    "header_only.xlsx": [
        "header_only.xlsx: the file has a header but no rows; add one row per commune under the header."
    ],
    "duplicate_rows.csv": [
        'duplicate_rows.csv row 4, field code, value "10001": Xã Hòa Bình, 2026-01 already given in row 2; '
        "keep one row per commune and month."
    ],
    "unknown_indicator_column.csv": [
        "unknown_indicator_column.csv row 1 (header): “so_nguoi_nghien_moi”: unknown column; name each "
        "indicator once by its code or Vietnamese name (see docs/imports.md), or remove the column."
    ],
    "bad_period.csv": [
        'bad_period.csv row 2, field period, value "2026-13": not a month; write the month as YYYY-MM or '
        "MM/YYYY, e.g. 2026-03 or 03/2026.",
        'bad_period.csv row 3, field period, value "13/2026": not a month; write the month as YYYY-MM or '
        "MM/YYYY, e.g. 2026-03 or 03/2026.",
    ],
    "no_period.csv": [
        'no_period.csv row 2, field period, value "": no month; fill the period column (YYYY-MM) or give '
        "--period YYYY-MM."
    ],
    "retired_commune.csv": [
        'retired_commune.csv row 2, field code, value "10009": commune code 10009 belongs to a retired '
        "boundary version; use the code of the commune that replaced it."
    ],
    "no_commune_column.csv": [
        "no_commune_column.csv row 1 (header): “commune_id”: unknown column; name each indicator once by "
        "its code or Vietnamese name (see docs/imports.md), or remove the column.",
        "no_commune_column.csv row 1 (header): no commune column; add a “code” (mã xã) or “name” (tên "
        "xã) column.",
    ],
    "truncated.xlsx": [
        "truncated.xlsx: not a readable XLSX workbook (damaged or truncated); open it in the spreadsheet "
        "and save it again as .xlsx."
    ],
    "cp1258.csv": [
        "cp1258.csv: not UTF-8 text (from row 1 on; probably saved as Windows-1258 or in a legacy "
        "Vietnamese encoding); save it as “CSV UTF-8” (in Excel: Save As, CSV UTF-8) and import it again."
    ],
}

KIND = {
    "establishments": "establishment",
    "facilities": "treatment-facility",
    "counselling": "counselling-point",
    "sites": "sensitive-site",
}
ESTABLISHMENT_HEADER = "type,name,address,licence_number,prone,status,lon,lat"
PLACES = {
    "counselling_bad_values.csv": [
        'counselling_bad_values.csv row 2, field status, value "open": unknown status; use one of planned, '
        "active, closed.",
        'counselling_bad_values.csv row 2, field opened_on, value "2024-13-01": not a date; write the date '
        "as YYYY-MM-DD or DD/MM/YYYY.",
        'counselling_bad_values.csv row 2, field staff, value "ba": not a whole number; write a whole number '
        "of zero or more (no text or decimals), or leave it blank.",
    ],
    "establishments_empty.csv": [
        f"establishments_empty.csv: the file is empty; write the header {ESTABLISHMENT_HEADER} and one row "
        "per establishment."
    ],
    "establishments_lon_lat_swapped.csv": [
        'establishments_lon_lat_swapped.csv row 3, field lon, value "20.005": longitude and latitude look '
        "swapped; put the longitude (102–110) in lon and the latitude (8–24) in lat."
    ],
    "establishments_metres_as_degrees.csv": [
        'establishments_metres_as_degrees.csv row 2, field lon,lat, value "585000, 2326000": metres, not '
        "degrees; for VN-2000 x,y in metres name the columns x,y and give --srid (e.g. 3405 or 3406 for "
        "UTM 48N/49N, or the province's zone such as 5899)."
    ],
    "establishments_outside_vietnam.csv": [
        'establishments_outside_vietnam.csv row 2, field lon, value "2.35": outside Vietnam (102–110°E); '
        "write the longitude in degrees, e.g. 108.21.",
        'establishments_outside_vietnam.csv row 2, field lat, value "48.85": outside Vietnam (8–24°N); '
        "write the latitude in degrees, e.g. 16.05.",
    ],
    "establishments_unknown_type.csv": [
        'establishments_unknown_type.csv row 2, field type, value "casino": unknown type; use one of '
        "karaoke, discotheque, bar, massage, hotel, guesthouse, sauna, cafe, hair_wash, other.",
        'establishments_unknown_type.csv row 3, field name, value "": missing; write the establishment’s name.',
    ],
    "establishments_xy_without_srid.csv": [
        f"establishments_xy_without_srid.csv row 1 (header): no column “{axis}”; the header must be "
        f"{ESTABLISHMENT_HEADER} (for x,y in metres give --srid, e.g. 3405)."
        for axis in ("lon", "lat")
    ],
    "facilities_unknown_kind.csv": [
        'facilities_unknown_kind.csv row 2, field kind, value "clinic": unknown kind; use one of '
        "rehab_centre, methadone, other."
    ],
    "sites_header_only.xlsx": [
        "sites_header_only.xlsx: the file has a header but no sites; add one row per site under it."
    ],
}


@pytest.fixture
def units():
    units = build_units()
    CaseCount.objects.create(
        unit=units["10001"], period=JANUARY, indicator=Indicator.objects.get(code="illegal_users"), value=10
    )
    return units


def test_the_corpus_holds_every_bad_file_and_nothing_else():
    assert sorted(p.name for p in (BAD / "counts").iterdir()) == sorted(COUNTS)
    assert sorted(p.name for p in (BAD / "places").iterdir()) == sorted(PLACES)
    assert len(COUNTS) + len(PLACES) >= 15


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_a_bad_counts_file_is_refused_with_its_message_and_changes_nothing(units, name):
    before = table_checksums()
    with translation.override("en"), pytest.raises(ImportFileError) as caught:
        case_counts_import(path=BAD / "counts" / name)
    assert caught.value.lines == COUNTS[name]
    assert table_checksums() == before


@pytest.mark.parametrize("name", sorted(PLACES))
def test_a_bad_places_file_is_refused_with_its_message_and_changes_nothing(units, name):
    before = table_checksums()
    with translation.override("en"), pytest.raises(ImportFileError) as caught:
        places_import(path=BAD / "places" / name, kind=KIND[name.split("_")[0]])
    assert caught.value.lines == PLACES[name]
    assert table_checksums() == before
