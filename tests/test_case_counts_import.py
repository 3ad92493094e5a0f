"""Importing case counts from the files provinces send: CSV (with or without BOM, comma
or semicolon), XLSX, communes by code or by name (prefixes and diacritics ignored), the
month from a column or the command line; idempotent, corrected figures replace old ones."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from monitoring.imports.counts import case_counts_import
from monitoring.imports.problems import ImportFileError
from monitoring.models import CaseCount
from tests.import_units import build_units
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def units():
    return build_units()


def write_csv(path: Path, rows, *, separator=",", encoding="utf-8") -> Path:
    path.write_text("".join(separator.join(map(str, row)) + "\n" for row in rows), encoding=encoding)
    return path


def write_xlsx(path: Path, rows) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def stored():
    return sorted(
        (c.unit.code, f"{c.period:%Y-%m}", c.indicator.code, c.value)
        for c in CaseCount.objects.filter(is_demo=False).select_related("unit", "indicator")
    )


ROWS = [
    ["code", "period", "illegal_users", "addicts_managed"],
    ["10001", "2026-03", 12, 8],
    ["10002", "03/2026", 5, 5],
]
EXPECTED = [
    ("10001", "2026-03", "addicts_managed", 8),
    ("10001", "2026-03", "illegal_users", 12),
    ("10002", "2026-03", "addicts_managed", 5),
    ("10002", "2026-03", "illegal_users", 5),
]


def test_a_csv_with_codes_and_a_period_column_is_imported(units, tmp_path):
    report = case_counts_import(path=write_csv(tmp_path / "counts.csv", ROWS))
    assert (report.rows, report.created, report.changed, report.unchanged) == (2, 4, 0, 0)
    assert stored() == EXPECTED


def test_a_csv_with_bom_and_semicolons_is_imported(units, tmp_path):
    path = write_csv(tmp_path / "counts.csv", ROWS, separator=";", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    case_counts_import(path=path)
    assert stored() == EXPECTED


def test_an_xlsx_with_vietnamese_headers_and_names_is_imported(units, tmp_path):
    rows = [
        ["STT", "Tên xã", "Tháng", "Người sử dụng trái phép chất ma túy", "NGƯỜI NGHIỆN CÓ HỒ SƠ QUẢN LÝ"],
        [1, "Hòa Bình", "2026-03", 12, 8],
        [2, "P. Hải Châu", datetime.datetime(2026, 3, 1), 5, 5],
    ]
    report = case_counts_import(path=write_xlsx(tmp_path / "counts.xlsx", rows))
    assert report.created == 4
    assert stored() == EXPECTED


@pytest.mark.parametrize(
    "written",
    [
        "Xã Hòa Bình",
        "xa hoa binh",
        "HOA BINH",
        "X.Hòa Bình",
        "Hòa  Bình",
        "TT. Ái Nghĩa",
        "thi tran ai nghia",
    ],
)
def test_commune_names_match_with_or_without_prefix_and_diacritics(units, tmp_path, written):
    rows = [["name", "illegal_users"], [written, 3]]
    case_counts_import(path=write_csv(tmp_path / "c.csv", rows), period=MARCH)
    expected = "10003" if "ai" in written.lower() or "Ái" in written else "10001"
    assert stored() == [(expected, "2026-03", "illegal_users", 3)]


def test_a_name_shared_by_two_communes_matches_when_the_prefix_tells_them_apart(units, tmp_path):
    rows = [["name", "illegal_users"], ["Phường An Phú", 3]]
    case_counts_import(path=write_csv(tmp_path / "c.csv", rows), period=MARCH)
    assert stored() == [("10005", "2026-03", "illegal_users", 3)]


def test_the_period_option_fills_rows_without_a_period(units, tmp_path):
    rows = [["mã xã", "illegal_users"], ["10001", 4], ["10006", 0]]
    case_counts_import(path=write_csv(tmp_path / "c.csv", rows), period=MARCH)
    assert stored() == [("10001", "2026-03", "illegal_users", 4), ("10006", "2026-03", "illegal_users", 0)]


def test_a_period_cell_wins_over_the_option_and_blank_cells_use_it(units, tmp_path):
    rows = [["code", "kỳ báo cáo", "illegal_users"], ["10001", "02/2026", 4], ["10006", "", 1]]
    case_counts_import(path=write_csv(tmp_path / "c.csv", rows), period=MARCH)
    assert stored() == [("10001", "2026-02", "illegal_users", 4), ("10006", "2026-03", "illegal_users", 1)]


def test_blank_cells_are_not_reported_figures(units, tmp_path):
    rows = [["code", "illegal_users", "addicts_managed"], ["10001", 4, ""]]
    case_counts_import(path=write_csv(tmp_path / "c.csv", rows), period=MARCH)
    assert stored() == [("10001", "2026-03", "illegal_users", 4)]


def test_importing_the_same_file_twice_changes_nothing(units, tmp_path):
    path = write_csv(tmp_path / "counts.csv", ROWS)
    case_counts_import(path=path)
    before = table_checksums()
    report = case_counts_import(path=path)
    assert (report.created, report.changed, report.unchanged) == (0, 0, 4)
    assert table_checksums() == before


def test_a_corrected_figure_replaces_the_stored_one(units, tmp_path):
    case_counts_import(path=write_csv(tmp_path / "counts.csv", ROWS))
    corrected = [ROWS[0], ["10001", "2026-03", 14, 8], ROWS[2]]
    report = case_counts_import(path=write_csv(tmp_path / "corrected.csv", corrected))
    assert (report.created, report.changed, report.unchanged) == (0, 1, 3)
    assert ("10001", "2026-03", "illegal_users", 14) in stored()


def test_a_whole_and_its_part_may_be_lowered_together(units, tmp_path):
    case_counts_import(path=write_csv(tmp_path / "counts.csv", ROWS))
    lowered = [ROWS[0], ["10001", "2026-03", 3, 2]]
    report = case_counts_import(path=write_csv(tmp_path / "lowered.csv", lowered))
    assert report.changed == 2
    assert stored()[:2] == [
        ("10001", "2026-03", "addicts_managed", 2),
        ("10001", "2026-03", "illegal_users", 3),
    ]


def test_a_part_above_a_stored_whole_is_refused_naming_both_figures(units, tmp_path):
    case_counts_import(path=write_csv(tmp_path / "counts.csv", ROWS))
    before = table_checksums()
    rows = [["code", "addicts_managed"], ["10001", 20]]
    with pytest.raises(ImportFileError) as caught:
        case_counts_import(path=write_csv(tmp_path / "part.csv", rows), period=MARCH)
    assert caught.value.lines == [
        'part.csv row 2, field addicts_managed, value "20": Xã Hòa Bình (10001), 2026-03: “Addicts with '
        "management records” = 20 in this row is larger than its whole “Illegal drug users” = 12 already "
        "stored; a part can never exceed its whole: correct one of the two figures."
    ]
    assert table_checksums() == before


def test_the_command_reports_counts_and_progress(units, tmp_path, capsys):
    path = write_csv(tmp_path / "counts.csv", ROWS)
    call_command("import_counts", str(path), "--source", "Báo cáo tháng 3")
    call_command("import_counts", str(path))
    out = capsys.readouterr().out
    assert out == (
        "2 rows: 4 figures created, 0 changed, 0 unchanged.\n2 rows: 0 figures created, 0 changed, 4 unchanged.\n"
    )
    assert set(CaseCount.objects.filter(is_demo=False).values_list("source", flat=True)) == {
        "Báo cáo tháng 3"
    }


def test_the_command_reads_a_named_sheet(units, tmp_path, capsys):
    book = Workbook()
    book.active.title = "Ghi chú"
    book.active.append(["not", "counts"])
    sheet = book.create_sheet("Số liệu")
    for row in ROWS:
        sheet.append(row)
    book.save(tmp_path / "book.xlsx")
    call_command("import_counts", str(tmp_path / "book.xlsx"), "--sheet", "Số liệu")
    assert stored() == EXPECTED


def test_title_rows_above_the_header_are_skipped(units, tmp_path):
    rows = [
        ["BÁO CÁO SỐ LIỆU MA TÚY THÁNG 3/2026", "", ""],
        ["Đơn vị: Huyện Một", "", ""],
        ["Mã xã", "Tên xã", "Người sử dụng trái phép chất ma túy"],
        ["10001", "Xã Hòa Bình", 7],
    ]
    report = case_counts_import(path=write_xlsx(tmp_path / "titled.xlsx", rows), period=MARCH)
    assert report.created == 1
    assert stored() == [("10001", "2026-03", "illegal_users", 7)]


def test_lowering_a_whole_below_a_stored_part_is_refused(units, tmp_path):
    case_counts_import(path=write_csv(tmp_path / "counts.csv", ROWS))
    rows = [["code", "illegal_users"], ["10001", 5]]
    with pytest.raises(ImportFileError) as caught:
        case_counts_import(path=write_csv(tmp_path / "whole.csv", rows), period=MARCH)
    assert caught.value.lines == [
        'whole.csv row 2, field illegal_users, value "5": Xã Hòa Bình (10001), 2026-03: “Addicts with '
        "management records” = 8 already stored is larger than its whole “Illegal drug users” = 5 in this "
        "row; a part can never exceed its whole: correct one of the two figures."
    ]


def test_the_command_run_for_a_user_keeps_to_the_users_communes(units, tmp_path):
    from django.contrib.auth.models import Permission, User
    from django.core.management.base import CommandError

    from geo.models import UserArea

    user = User.objects.create_user("commune-reporter")
    user.user_permissions.add(Permission.objects.get(codename="add_casecount"))
    UserArea.objects.create(user=user, unit=units["10001"])
    before = table_checksums()
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_counts", str(write_csv(tmp_path / "counts.csv", ROWS)), "--user", "commune-reporter"
        )
    assert str(caught.value).endswith(
        'counts.csv row 3, field code, value "10002": Phường Hải Châu (10002) is outside your areas; remove the '
        "row or ask an administrator to add the commune to your areas."
    )
    assert table_checksums() == before
    with pytest.raises(CommandError, match=r"lacks the permission monitoring\.add_casecount"):
        call_command(
            "import_counts", str(tmp_path / "counts.csv"), "--user", User.objects.create_user("x").username
        )


def test_wrapped_and_long_vietnamese_headers_are_recognised(units, tmp_path):
    rows = [
        [
            "Mã xã/phường/thị trấn",
            "Tên xã/phường/thị trấn",
            "Người nghiện\ncó hồ sơ quản lý",
            "Người sử dụng trái phép chất ma túy",
        ],
        ["", "Thị trấn Ái Nghĩa", 2, 3],
    ]
    case_counts_import(path=write_xlsx(tmp_path / "wrapped.xlsx", rows), period=MARCH)
    assert stored() == [("10003", "2026-03", "addicts_managed", 2), ("10003", "2026-03", "illegal_users", 3)]
