"""The completeness view lists the communes in the user's areas that have not reported
(or reported only some indicators) and the share reported per district and month."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from geo.areas import Area
from geo.models import UserArea
from monitoring.imports.selectors import completeness
from monitoring.models import CaseCount, Indicator
from tests.import_units import build_units

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def units():
    units = build_units()
    indicators = list(Indicator.objects.all())
    for indicator in indicators:  # 10001 complete, 10002 one indicator only
        CaseCount.objects.create(unit=units["10001"], period=MARCH, indicator=indicator, value=0)
    CaseCount.objects.create(unit=units["10002"], period=MARCH, indicator=indicators[-1], value=1)
    return units


def test_completeness_knows_who_reported_what(units):
    rows, indicators = completeness(area=Area.of_units([units["981"]]), months=[MARCH])
    reported = {row.code: len(row.reported[MARCH]) for row in rows}
    assert reported == {"10001": len(indicators), "10002": 1, "10003": 0, "10004": 0}


def test_the_page_lists_the_late_communes_of_the_users_district_only(units):
    user = User.objects.create_user("district-reporter")
    user.user_permissions.add(Permission.objects.get(codename="view_casecount"))
    UserArea.objects.create(user=user, unit=units["981"])
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get("/data/completeness/?month=2026-03")
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('id="late-communes"')[1].split("</table>")[0]
    assert table.count("<tr data-code=") == 3
    for code in ("10002", "10003", "10004"):
        assert f'data-code="{code}"' in table
    assert 'data-code="10001"' not in table and "10006" not in table
    assert "some indicators missing" in table and "not reported" in table
    grid = html.split('id="district-months"')[1].split("</table>")[0]
    assert "Huyện Một (4)" in grid and "Huyện Hai" not in grid
    assert 'title="03/2026: 1/4">25</td>' in grid
    assert "cdn" not in html.lower()


def test_a_range_of_months_lists_each_late_commune_month(units):
    user = User.objects.create_superuser("admin-completeness")
    client = Client()
    client.force_login(user)
    html = client.get("/data/completeness/?from=2026-02&to=2026-03").content.decode()
    table = html.split('id="late-communes"')[1].split("</table>")[0]
    assert table.count('data-code="10001"') == 1  # February only
    assert table.count('data-code="10006"') == 2
