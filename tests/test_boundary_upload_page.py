"""Administrators upload a boundary file at /data/boundaries/; the page calls the same
service as the command and shows what it did, or every problem, in Vietnamese."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from geo.models import AdminUnit
from tests.boundary_files import boundary_file_write, square
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db
URL = "/data/boundaries/"


def upload(client, path, **fields):
    data = {"level": "commune", "valid_from": "2020-01-01"} | fields
    data["file"] = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(URL, data)


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("quantri-test", password="x"))
    return client


def test_an_upload_imports_the_file_and_shows_the_report_in_vietnamese(tmp_path, admin_client):
    units = [{"code": "71001", "name": "X· T©n Lîi", "wkt": square(105, 21)}]
    path = boundary_file_write(tmp_path / "xa.zip", units, encoding="latin1")
    response = upload(admin_client, path)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã nhập" in page
    assert "xa.zip: 1 đối tượng" in page
    assert "bảng mã cũ TCVN3" in page
    assert AdminUnit.current.get(code="71001").name == "Xã Tân Lợi"


def test_a_bad_upload_lists_every_problem_and_changes_nothing(tmp_path, admin_client):
    units = [
        {"code": "71001", "name": "Xã A", "wkt": square(105, 21)},
        {"code": "71001", "name": "Xã B", "wkt": square(105.1, 21)},
        {"code": "", "name": "Xã C", "wkt": square(105.2, 21)},
    ]
    path = boundary_file_write(tmp_path / "xa.geojson", units)
    before = table_checksums()
    response = upload(admin_client, path)
    page = response.content.decode()
    assert response.status_code == 400
    assert "2 lỗi: chưa có dữ liệu nào được nhập" in page
    assert (
        "xa.geojson, đối tượng 2, mã 71001, trường code, giá trị &quot;71001&quot;: trùng mã với đối tượng 1."
        in page
    )
    assert "đối tượng 3, trường code, giá trị &quot;&quot;: thiếu mã." in page
    assert table_checksums() == before


def test_a_file_that_is_not_a_boundary_file_is_refused_by_the_form(tmp_path, admin_client):
    path = tmp_path / "xa.csv"
    path.write_text("code,name\n71001,Xã A\n")
    response = upload(admin_client, path)
    assert response.status_code == 200
    assert "xa.csv không phải tệp ranh giới" in response.content.decode()


def test_only_users_allowed_to_change_units_may_upload(client):
    user = User.objects.create_user("kehoach-test", password="x")
    client.force_login(user)
    assert client.get(URL).status_code == 403
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="geo", codename__in=["add_adminunit", "change_adminunit"]
        )
    )
    assert client.get(URL).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_unit_list_in_the_admin_links_to_the_upload_page(admin_client):
    page = admin_client.get("/admin/geo/adminunit/").content.decode()
    assert f'href="{URL}"' in page
