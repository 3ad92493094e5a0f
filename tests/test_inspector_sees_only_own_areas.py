"""An inspector of district A gets no establishment of district B through any channel:
page, table, GeoJSON items, every export, and the visit form."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group, User
from openpyxl import load_workbook

from geo.models import Level, UserArea
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_districts():
    p = factories.unit(
        "73", "POLYGON((105 7, 105.04 7, 105.04 7.02, 105 7.02, 105 7))", level=Level.PROVINCE, kind=""
    )
    a = factories.unit(
        "731",
        "POLYGON((105 7, 105.02 7, 105.02 7.02, 105 7.02, 105 7))",
        level=Level.DISTRICT,
        kind="",
        parent=p,
    )
    b = factories.unit(
        "732",
        "POLYGON((105.02 7, 105.04 7, 105.04 7.02, 105.02 7.02, 105.02 7))",
        level=Level.DISTRICT,
        kind="",
        parent=p,
    )
    factories.unit("73101", "POLYGON((105 7, 105.02 7, 105.02 7.02, 105 7.02, 105 7))", parent=a)
    factories.unit("73201", "POLYGON((105.02 7, 105.04 7, 105.04 7.02, 105.02 7.02, 105.02 7))", parent=b)
    inside = factories.establishment(105.01, 7.01, name="Karaoke Trong A")
    outside = factories.establishment(105.03, 7.01, name="Karaoke Ngoai B")
    return {"a": a, "b": b, "inside": inside, "outside": outside}


@pytest.fixture
def inspector(client, two_districts):
    user = User.objects.create_user("inspector-a", password="pw-for-tests")
    user.groups.add(Group.objects.get_or_create(name="inspector")[0])
    UserArea.objects.create(user=user, unit=two_districts["a"])
    client.force_login(user)
    return client


def test_page_and_table(inspector, two_districts):
    page = inspector.get("/maps/establishments/").content.decode()
    assert "Karaoke Trong A" in page
    assert "Karaoke Ngoai B" not in page
    page = inspector.get("/maps/establishments/?district=732").content.decode()
    assert "Karaoke Ngoai B" not in page


def test_items_json(inspector, two_districts):
    body = inspector.get("/maps/establishments/items.json").json()
    assert [f["properties"]["name"] for f in body["features"]] == ["Karaoke Trong A"]
    body = inspector.get("/maps/establishments/items.json?bbox=105.02,7,105.04,7.02").json()
    assert body["features"] == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson"])
def test_exports(inspector, two_districts, fmt):
    response = inspector.get(f"/maps/establishments/export.{fmt}")
    content = b"".join(response.streaming_content) if response.streaming else response.getvalue()
    if fmt == "csv":
        names = [row[1] for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))][1:]
    elif fmt == "xlsx":
        names = [
            row[1] for row in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True)
        ]
    else:
        names = [f["properties"]["name"] for f in json.loads(content)["features"]]
    assert names == ["Karaoke Trong A"]


def test_visit_form(inspector, two_districts):
    assert inspector.get(f"/maps/establishments/{two_districts['inside'].pk}/inspect/").status_code == 200
    assert inspector.get(f"/maps/establishments/{two_districts['outside'].pk}/inspect/").status_code == 404
    response = inspector.post(
        f"/maps/establishments/{two_districts['outside'].pk}/inspect/",
        {"date": "2026-01-05", "team": "T", "result": "compliant"},
    )
    assert response.status_code == 404
    assert not two_districts["outside"].inspections.exists()


def test_an_account_without_area_sees_nothing(client, two_districts):
    client.force_login(factories.role_user("nobody", "inspector", areas=[]))
    assert client.get("/maps/establishments/items.json").json()["features"] == []


def test_bad_input_is_a_message_on_the_page_and_a_400_in_json(inspector, two_districts):
    page = inspector.get("/maps/establishments/?point=105,7&radius=-5")
    assert page.status_code == 200
    assert "radius = “-5”" in page.content.decode()
    response = inspector.get("/maps/establishments/items.json?commune=nope")
    assert response.status_code == 400
    assert "nope" in response.json()["detail"] and response.json()["parameter"] == "commune"


def test_recording_a_visit(inspector, two_districts):
    establishment = two_districts["inside"]
    response = inspector.post(
        f"/maps/establishments/{establishment.pk}/inspect/",
        {
            "date": "2026-01-05",
            "team": "Đội 1",
            "result": "violation",
            "violations": "Quá giờ",
            "follow_up_due": "2026-02-05",
        },
    )
    assert response.status_code == 302
    visit = establishment.inspections.get()
    assert (visit.team, visit.result, str(visit.follow_up_due)) == ("Đội 1", "violation", "2026-02-05")
    bad = inspector.post(
        f"/maps/establishments/{establishment.pk}/inspect/",
        {"date": "2026-01-05", "team": "Đội 1", "result": "violation", "violations": ""},
    )
    assert bad.status_code == 200
    assert "violations: hãy mô tả các hành vi vi phạm đã phát hiện." in bad.content.decode()
    assert establishment.inspections.count() == 1


def test_visit_list_and_coverage(inspector, two_districts):
    visits = inspector.get("/maps/establishments/visits/?start=105,7").content.decode()
    assert "Karaoke Trong A" in visits
    assert "Karaoke Ngoai B" not in visits
    coverage = inspector.get("/maps/establishments/coverage/").content.decode()
    assert "Xã 73101" in coverage
    assert "Xã 73201" not in coverage


@pytest.mark.parametrize(
    ("typed", "bound"),
    [("1900-01-01", "01/01/2000"), ("2999-01-01", "after today"), ("05/01/2026", "YYYY-MM-DD")],
)
def test_an_implausible_visit_date_is_refused_with_its_bound_and_the_form_keeps_it(
    inspector, two_districts, typed, bound
):
    inspector.cookies["django_language"] = "en"
    establishment = two_districts["inside"]
    response = inspector.post(
        f"/maps/establishments/{establishment.pk}/inspect/",
        {"date": typed, "team": "Đội 1", "result": "compliant"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and bound in page
    assert f'name="date" value="{typed}"' in page  # what was typed stays in the form
    assert not establishment.inspections.exists()
