"""No figure for a month after the current one, through any channel: a counts file is
refused with its row, field and the bound; the data-entry grid of such a month is
read-only and refuses a post; the REST API answers 400. ``OPEN_FUTURE_PERIODS`` opens
months ahead when a province needs it."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone, translation

from geo.models import UserArea
from monitoring.imports.counts import case_counts_import
from monitoring.imports.grid import field_name
from monitoring.imports.problems import ImportFileError
from monitoring.models import CaseCount, Indicator
from monitoring.services.case_counts import last_open_month, month_closed_problem
from tests.import_units import build_units

pytestmark = pytest.mark.django_db


def _months_ahead(months: int) -> datetime.date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


NEXT, THIS = _months_ahead(1), _months_ahead(0)


@pytest.fixture
def units():
    return build_units()


@pytest.fixture
def reporter(units):
    user = User.objects.create_user("future-reporter")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="monitoring",
            codename__in=("add_casecount", "view_casecount", "change_casecount"),
        )
    )
    UserArea.objects.create(user=user, unit=units["10001"])
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def test_the_bound_is_the_current_month_unless_months_are_opened(settings):
    today = datetime.date(2026, 12, 2)
    assert last_open_month(today) == datetime.date(2026, 12, 1)
    assert month_closed_problem(datetime.date(2026, 12, 1), today) is None
    with translation.override("en"):
        assert "12/2026" in month_closed_problem(datetime.date(2027, 5, 1), today)
    settings.OPEN_FUTURE_PERIODS = 2
    assert last_open_month(today) == datetime.date(2027, 2, 1)


def test_a_counts_file_with_a_future_month_is_refused_with_its_row_and_the_bound(units, tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text(
        f"code,period,illegal_users\n10001,{THIS:%Y-%m},4\n10002,{NEXT:%Y-%m},7\n", encoding="utf-8"
    )
    with translation.override("en"), pytest.raises(ImportFileError) as caught:
        case_counts_import(path=path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.field, problem.value) == (3, "period", f"{NEXT:%Y-%m}")
    assert f"{THIS:%m/%Y}" in problem.reason  # the bound is in the message
    assert not CaseCount.objects.filter(
        is_demo=False
    ).exists()  # all or nothing: the good row is not written either


def test_the_grid_of_a_future_month_is_read_only_and_refuses_a_post(units, reporter):
    page = reporter.get(f"/data/entry/?month={NEXT:%Y-%m}").content.decode()
    assert 'id="month-closed"' in page and " readonly" in page and "Save the month" not in page
    users = Indicator.objects.get(code="illegal_users")
    data = {field_name(units["10001"].id, users.id): "5"}
    response = reporter.post(f"/data/entry/?month={NEXT:%Y-%m}", data)
    assert response.status_code == 409
    assert not CaseCount.objects.filter(is_demo=False).exists()
    current = reporter.get(f"/data/entry/?month={THIS:%Y-%m}").content.decode()
    assert 'id="month-closed"' not in current and "Save the month" in current


def test_the_api_refuses_a_future_month(units, reporter):
    payload = {
        "commune_code": "10001",
        "period": f"{NEXT:%Y-%m-%d}",
        "indicator": "illegal_users",
        "value": 3,
    }
    response = reporter.post("/api/case-counts/", payload, content_type="application/json")
    assert response.status_code == 400
    assert f"{THIS:%m/%Y}" in response.json()["detail"]
    assert not CaseCount.objects.filter(is_demo=False).exists()
