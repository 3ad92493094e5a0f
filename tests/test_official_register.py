"""The official register of units, loaded from the State's list: a boundary file of the
current layout with a code the register does not know is refused (file, feature, field,
value, fix) and nothing is stored; a name that differs from the code's official name is
imported with a warning naming the official one; older layouts and an empty register are
not checked; a bad register file is refused whole."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from geo.imports.errors import BoundaryImportError
from geo.imports.service import boundaries_import
from geo.models import AdminUnit, Level, RegisterUnit
from geo.register import register_load
from tests import factories
from tests.boundary_files import boundary_file_write, square
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db
JULY_2025 = datetime.date(2025, 7, 1)


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "danh-muc.csv"
    path.write_text(
        "code,name,level,province_code\n"
        "71,Tỉnh Thử,province,\n"
        "71001,Phường Hoà Bình,commune,71\n"
        "71002,Xã Tân Lợi,commune,71\n",
        encoding="utf-8",
    )
    counts = register_load(path=path, valid_from=JULY_2025, source="QĐ 19/2025/QĐ-TTg")
    assert counts == {"province": 1, "commune": 2}
    factories.unit("71", square(105, 21, 0.3), level=Level.PROVINCE, kind="", name="Tỉnh Thử")
    return path


def communes_file(tmp_path, rows):
    return boundary_file_write(
        tmp_path / "xa.geojson",
        [
            {"code": code, "name": name, "parent": "71", "wkt": square(105 + 0.05 * i, 21)}
            for i, (code, name) in enumerate(rows)
        ],
    )


def test_a_code_the_register_does_not_know_is_refused_and_nothing_is_stored(register, tmp_path):
    path = communes_file(tmp_path, [("71001", "Phường Hoà Bình"), ("71999", "Xã Lạ")])
    before = table_checksums()
    with pytest.raises(BoundaryImportError) as error:
        boundaries_import(path=path, level="commune", valid_from=JULY_2025)
    text = str(error.value)
    assert "71999" in text and "QĐ 19/2025/QĐ-TTg" in text and "xa.geojson" in text
    assert table_checksums() == before


def test_a_name_that_differs_is_imported_with_the_official_name_in_a_warning(register, tmp_path):
    path = communes_file(tmp_path, [("71001", "Phường  hoà bình"), ("71002", "Xã Tân Lợi Cũ")])
    report = boundaries_import(path=path, level="commune", valid_from=JULY_2025)
    named = {w.code: str(w) for w in report.warnings if w.field == "name"}
    assert set(named) == {"71002"}, named  # 71001 differs in case and spaces only
    assert "Xã Tân Lợi Cũ" in named["71002"] and "“Xã Tân Lợi”" in named["71002"]
    assert AdminUnit.current.filter(code__in=["71001", "71002"]).count() == 2


def test_an_older_layout_and_an_empty_register_are_not_checked(register, tmp_path):
    path = communes_file(tmp_path, [("71999", "Xã Cũ")])
    boundaries_import(path=path, level="commune", valid_from=datetime.date(2020, 1, 1))  # before the register
    assert AdminUnit.objects.filter(code="71999").exists()
    RegisterUnit.objects.all().delete()
    other = boundary_file_write(
        tmp_path / "other.geojson",
        [{"code": "71888", "name": "Xã Khác", "parent": "71", "wkt": square(106, 21)}],
    )
    boundaries_import(path=other, level="commune", valid_from=JULY_2025)
    assert AdminUnit.current.filter(code="71888").exists()


def test_a_bad_register_file_is_refused_whole(tmp_path, register):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name,level\n71A,Tỉnh,province\n71002,,commune\n71003,Xã,district\n", encoding="utf-8"
    )
    with pytest.raises(CommandError) as error:
        call_command("load_register", str(bad))
    text = str(error.value)
    assert "71A" in text and "district" in text and "bad.csv" in text
    assert RegisterUnit.objects.count() == 3  # the register loaded before is kept
    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,name,level\n71,T\xecnh,province\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("load_register", str(latin))
