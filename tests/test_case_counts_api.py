"""Case counts through the REST API: read within the area, small sensitive counts shown
as “<5” without the exact-counts permission, writes through the service rules (a part
never above its whole), only in the user's own communes and with the right permission."""

import datetime

import pytest

from monitoring.models import CaseCount, Indicator
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world
MAY = datetime.date(2025, 5, 1)


@pytest.fixture
def counts(world):
    users = Indicator.objects.get(code="illegal_users")
    CaseCount.objects.create(unit=world["commune_a"], period=MAY, indicator=users, value=3)
    CaseCount.objects.create(unit=world["commune_b"], period=MAY, indicator=users, value=12)
    return users


def test_reader_sees_own_communes_with_small_counts_protected(client, world, counts):
    client.force_login(world["inspector"])
    rows = client.get("/api/case-counts/?period=2025-05").json()["results"]
    assert rows == [
        {
            "commune_code": "73101",
            "commune_name": "Xã 73101",
            "period": "2025-05",
            "indicator": "illegal_users",
            "value": "<5",
        }
    ]


def test_exact_counts_permission_shows_the_value(client, world, counts):
    client.force_login(api_world.grant(world["inspector"], "monitoring.view_exact_counts"))
    assert client.get("/api/case-counts/").json()["results"][0]["value"] == 3


def test_reporter_records_a_count_in_own_commune(client, world, counts):
    reporter = api_world.grant(world["inspector"], "monitoring.add_casecount")
    client.force_login(reporter)
    payload = {"commune_code": "73101", "period": "2025-06-01", "indicator": "illegal_users", "value": 7}
    response = client.post("/api/case-counts/", payload, content_type="application/json")
    assert response.status_code == 201
    assert CaseCount.objects.get(unit=world["commune_a"], period="2025-06-01").value == 7
    # Replacing a stored value needs the change permission too.
    payload["value"] = 8
    assert client.post("/api/case-counts/", payload, content_type="application/json").status_code == 403
    client.force_login(api_world.grant(reporter, "monitoring.change_casecount"))
    assert client.post("/api/case-counts/", payload, content_type="application/json").status_code == 200
    assert CaseCount.objects.get(unit=world["commune_a"], period="2025-06-01").value == 8


def test_writes_outside_the_area_or_against_the_rules_change_nothing(client, world, counts):
    client.force_login(api_world.grant(world["inspector"], "monitoring.add_casecount"))
    client.cookies["django_language"] = "en"
    before = list(CaseCount.objects.values_list("unit_id", "period", "indicator_id", "value"))
    outside = {"commune_code": "73201", "period": "2025-06-01", "indicator": "illegal_users", "value": 1}
    assert client.post("/api/case-counts/", outside, content_type="application/json").status_code == 403
    too_many = {"commune_code": "73101", "period": "2025-05-01", "indicator": "addicts_managed", "value": 9}
    response = client.post("/api/case-counts/", too_many, content_type="application/json")
    assert response.status_code == 400
    assert "can never exceed its whole" in response.json()["detail"]
    negative = {"commune_code": "73101", "period": "2025-07-01", "indicator": "illegal_users", "value": -1}
    assert client.post("/api/case-counts/", negative, content_type="application/json").status_code == 400
    not_a_month = {"commune_code": "73101", "period": "2025-07-15", "indicator": "illegal_users", "value": 1}
    assert client.post("/api/case-counts/", not_a_month, content_type="application/json").status_code == 400
    assert list(CaseCount.objects.values_list("unit_id", "period", "indicator_id", "value")) == before


def test_reading_without_permission_to_write_cannot_post(client, world, counts):
    client.force_login(world["inspector"])
    payload = {"commune_code": "73101", "period": "2025-06-01", "indicator": "illegal_users", "value": 7}
    assert client.post("/api/case-counts/", payload, content_type="application/json").status_code == 403
