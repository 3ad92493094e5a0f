"""The monthly data-entry grid: prefilled, last month beside each cell, outliers flagged,
validated like an import (nothing saved if a cell is wrong), scoped to the reporter's
communes; the upload page runs the same import services."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from geo.models import UserArea
from monitoring.imports.grid import field_name
from monitoring.models import CaseCount, Establishment, Indicator
from tests.import_units import build_units
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db
MARCH, FEBRUARY = datetime.date(2026, 3, 1), datetime.date(2026, 2, 1)


@pytest.fixture
def units():
    return build_units()


def reporter(units, *codes, perms=("add_casecount", "view_casecount")) -> Client:
    user = User.objects.create_user("reporter-" + "-".join(codes))
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="monitoring", codename__in=perms)
    )
    for code in codes:
        UserArea.objects.create(user=user, unit=units[code])
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def indicator(code):
    return Indicator.objects.get(code=code)


def test_the_grid_shows_only_the_reporters_communes_prefilled_with_last_month(units):
    users = indicator("illegal_users")
    for month, value in zip(range(8, 13), [19, 21, 20, 22, 18], strict=True):
        CaseCount.objects.create(
            unit=units["10001"], period=datetime.date(2025, month, 1), indicator=users, value=value
        )
    CaseCount.objects.create(unit=units["10001"], period=datetime.date(2026, 1, 1), indicator=users, value=20)
    CaseCount.objects.create(unit=units["10001"], period=FEBRUARY, indicator=users, value=20)
    CaseCount.objects.create(unit=units["10001"], period=MARCH, indicator=users, value=40)
    CaseCount.objects.create(unit=units["10006"], period=MARCH, indicator=users, value=7)
    page = reporter(units, "10001").get("/data/entry/?month=2026-03")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xã Hòa Bình" in html and "Xã Đông Sơn" not in html
    assert f'name="{field_name(units["10001"].id, users.id)}" value="40"' in html
    assert "last month 20" in html
    assert f'name="{field_name(units["10006"].id, users.id)}"' not in html
    assert html.count('<td class="out">') == 1  # 40 against a history of 18 to 22
    assert "far from this commune&#x27;s usual 15–25 (median 20)" in html
    assert "Yellow cells are far from the commune's usual values" in html


def test_a_district_reporter_gets_every_commune_of_the_district(units):
    html = reporter(units, "982").get("/data/entry/?month=2026-03").content.decode()
    assert "Phường An Phú" in html and "Xã Đông Sơn" in html and "Xã Hòa Bình" not in html


def test_a_good_grid_is_saved_and_a_second_save_changes_nothing(units):
    client = reporter(units, "10001")
    data = {
        field_name(units["10001"].id, indicator("illegal_users").id): "12",
        field_name(units["10001"].id, indicator("addicts_managed").id): "8",
    }
    response = client.post("/data/entry/?month=2026-03", data)
    assert response.status_code == 302
    assert sorted(
        CaseCount.objects.filter(period=MARCH, is_demo=False).values_list("indicator__code", "value")
    ) == [
        ("addicts_managed", 8),
        ("illegal_users", 12),
    ]
    before = table_checksums()
    page = client.post("/data/entry/?month=2026-03", data, follow=True)
    assert "0 figures created, 0 changed, 2 unchanged" in page.content.decode()
    assert table_checksums() == before


def test_a_bad_grid_saves_nothing_and_shows_each_error_on_its_cell(units):
    client = reporter(units, "10001", "10002")
    before = table_checksums()
    data = {
        field_name(units["10001"].id, indicator("illegal_users").id): "12",
        field_name(units["10002"].id, indicator("illegal_users").id): "-4",
        field_name(units["10002"].id, indicator("relapses").id): "ba",
    }
    response = client.post("/data/entry/?month=2026-03", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert table_checksums() == before
    assert html.count('class="bad"') == 2
    assert "negative count; a count is zero or more; correct the figure." in html
    assert "not a whole number; write a whole number of zero or more" in html
    assert 'value="ba"' in html  # what the user typed stays in the cell


def test_a_part_above_its_whole_in_the_grid_is_refused(units):
    client = reporter(units, "10001")
    data = {
        field_name(units["10001"].id, indicator("illegal_users").id): "5",
        field_name(units["10001"].id, indicator("addicts_managed").id): "9",
    }
    response = client.post("/data/entry/?month=2026-03", data)
    assert response.status_code == 400
    assert "is larger than its whole" in response.content.decode()
    assert not CaseCount.objects.filter(is_demo=False).exists()


def test_the_grid_errors_are_in_vietnamese_by_default(units):
    client = reporter(units, "10001")
    client.cookies.pop("django_language")
    data = {field_name(units["10001"].id, indicator("illegal_users").id): "-1"}
    html = client.post("/data/entry/?month=2026-03", data).content.decode()
    assert "số âm" in html


def test_a_reporter_of_commune_a_cannot_post_commune_b(units):
    client = reporter(units, "10001")
    before = table_checksums()
    data = {field_name(units["10006"].id, indicator("illegal_users").id): "3"}
    assert client.post("/data/entry/?month=2026-03", data).status_code == 403
    assert table_checksums() == before


def test_the_pages_need_the_add_casecount_permission(units):
    client = reporter(units, "10001", perms=("view_casecount",))
    assert client.get("/data/entry/").status_code == 403
    assert client.get("/data/import/").status_code == 403
    nav = client.get("/data/completeness/").content.decode()
    assert "/data/entry/" not in nav and "/data/completeness/" in nav


def test_the_nav_links_the_data_pages_for_a_reporter(units):
    html = reporter(units, "10001").get("/data/completeness/").content.decode()
    assert 'href="/data/entry/"' in html and 'href="/data/import/"' in html


def test_an_uploaded_counts_file_is_imported_within_scope(units):
    client = reporter(units, "10001")
    good = SimpleUploadedFile("counts.csv", b"code,period,illegal_users\n10001,2026-03,4\n")
    response = client.post("/data/import/", {"what": "counts", "file": good})
    assert "1 rows: 1 figures created, 0 changed, 0 unchanged." in response.content.decode()
    before = table_checksums()
    outside = SimpleUploadedFile("b.csv", b"code,period,illegal_users\n10006,2026-03,4\n")
    response = client.post("/data/import/", {"what": "counts", "file": outside})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-problems"' in html
    assert "<td>b.csv</td><td>2</td><td>code</td><td>10006</td>" in html
    assert "Xã Đông Sơn (10006) is outside your areas" in html
    assert table_checksums() == before


def test_places_upload_needs_the_kinds_permission(units):
    client = reporter(units, "10001")
    data = b"type,name,lon,lat\nkaraoke,K,105.005,20.005\n"
    response = client.post(
        "/data/import/", {"what": "establishment", "file": SimpleUploadedFile("e.csv", data)}
    )
    assert response.status_code == 403
    client = reporter(units, "10002", perms=("add_casecount", "add_establishment"))
    data = b"type,name,lon,lat\nkaraoke,K,105.015,20.005\n"
    response = client.post(
        "/data/import/", {"what": "establishment", "file": SimpleUploadedFile("e.csv", data)}
    )
    assert "1 places created" in response.content.decode()
    assert Establishment.objects.get(is_demo=False).commune.code == "10002"


def test_the_grid_can_be_narrowed_to_one_district(units):
    html = reporter(units, "98").get("/data/entry/?month=2026-03&district=982").content.decode()
    assert "Phường An Phú" in html and "Xã Đông Sơn" in html and "Xã Hòa Bình" not in html
    assert '<option value="982" selected>' in html
