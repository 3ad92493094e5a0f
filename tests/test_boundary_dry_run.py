"""A boundary dry run (the upload page's "Check first", ``import_boundaries --dry-run``)
does the import and undoes it: it lists the units the file would add, retire, reshape
and update, and leaves every table exactly as it was."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from geo.imports.service import boundaries_import
from geo.models import AdminUnit, Level, UnitCrosswalk
from monitoring.models import CaseCount, Indicator
from tests import factories
from tests.boundary_files import boundary_file_write, square
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    """Three communes of 2020 with a figure each."""
    province = factories.unit("71", square(105, 21, 0.3), level=Level.PROVINCE, kind="")
    units = [
        factories.unit("71001", square(105, 21), parent=province, name="Xã Cũ Một"),
        factories.unit("71002", square(105.05, 21), parent=province, name="Xã Cũ Hai"),
        factories.unit("71003", square(105.10, 21), parent=province, name="Xã Cũ Ba"),
    ]
    users = Indicator.objects.get(code="illegal_users")
    for unit in units:
        CaseCount.objects.create(unit=unit, indicator=users, period=datetime.date(2024, 5, 1), value=7)
    return units


@pytest.fixture
def new_file(tmp_path, stored):
    """71001 renamed, 71002 reshaped, 71003 absent and covered by the new 71004."""
    return boundary_file_write(
        tmp_path / "xa-2025.geojson",
        [
            {"code": "71001", "name": "Xã Mới Tên", "parent": "71", "wkt": square(105, 21)},
            {"code": "71002", "name": "Xã Cũ Hai", "parent": "71", "wkt": square(105.05, 21, 0.04)},
            {"code": "71004", "name": "Xã Hợp Nhất", "parent": "71", "wkt": square(105.09, 21, 0.06)},
        ],
    )


def test_a_dry_run_lists_the_changes_and_writes_nothing(new_file):
    before = table_checksums()
    report = boundaries_import(
        path=new_file, level="commune", valid_from=datetime.date(2025, 7, 1), dry_run=True
    )
    assert table_checksums() == before
    assert report.units == {
        "add": [("71004", "Xã Hợp Nhất")],
        "reshape": [("71002", "Xã Cũ Hai")],
        "update": [("71001", "Xã Mới Tên")],
        "retire": [("71003", "Xã Cũ Ba")],
    }
    assert (report.created, report.replaced, report.updated, report.retired_absent) == (1, 1, 1, 1)
    assert report.crosswalk_rows > 0  # what importing would compute, then undone
    assert "Chưa lưu gì" in report.summary()  # Vietnamese, the default language
    assert not UnitCrosswalk.objects.exists()

    # Importing for real does what the dry run said.
    real = boundaries_import(path=new_file, level="commune", valid_from=datetime.date(2025, 7, 1))
    assert (real.created, real.replaced, real.updated, real.retired_absent) == (1, 1, 1, 1)
    assert AdminUnit.current.get(code="71001").name == "Xã Mới Tên"
    assert not AdminUnit.current.filter(code="71003").exists()
    assert table_checksums() != before


def test_the_command_lists_the_units_of_a_dry_run(new_file, capsys):
    before = table_checksums()
    call_command(
        "import_boundaries", str(new_file), "--level", "commune", "--valid-from", "2025-07-01", "--dry-run"
    )
    out = capsys.readouterr().out
    assert table_checksums() == before
    assert "71004  Xã Hợp Nhất" in out and "71003  Xã Cũ Ba" in out


def test_the_page_checks_first_and_stores_nothing(new_file, client):
    client.force_login(User.objects.create_superuser("quantri-dry", password="x"))
    before = table_checksums()
    response = client.post(
        "/data/boundaries/",
        {
            "level": "commune",
            "valid_from": "2025-07-01",
            "dry_run": "1",
            "file": SimpleUploadedFile(new_file.name, new_file.read_bytes()),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert table_checksums() == before
    section = page.split('id="dry-run"')[1]
    for code in ("71001", "71002", "71003", "71004"):
        assert f"<code>{code}</code>" in section
    assert "Xã Hợp Nhất" in section
