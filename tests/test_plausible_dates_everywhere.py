"""A date typed anywhere (the admin, the boundary upload, the boundary command, a places
file, an inspection, the REST API) is refused when it is implausible, with the bound in
the message: nothing before ``EARLIEST_RECORD_DATE``; a decision, a visit or a report not
after today; a boundary version or an announced opening up to a year ahead. One rule
(``core.parse.date_bound_problem``) behind every channel."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.errors import BadInput
from core.parse import PlausibleDate, date_bound_problem
from geo.imports.errors import BoundaryImportError
from geo.imports.service import boundaries_import
from geo.models import AdminUnit, UserArea
from monitoring.imports.places import places_import
from monitoring.imports.problems import ImportFileError
from monitoring.models import CaseCount, Classification, CounsellingPoint, Inspection
from monitoring.services.inspections import inspection_record
from tests import factories
from tests.boundary_files import boundary_file_write, square
from tests.import_units import build_units

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
TOO_FAR = TODAY + datetime.timedelta(days=400)  # beyond a year ahead


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root-dates", password="pw-for-tests"))
    client.cookies["django_language"] = "en"
    return client


def test_the_rule_names_its_bound():
    assert date_bound_problem(datetime.date(1999, 12, 31)) == "a date before 01/01/2000 is not plausible."
    assert date_bound_problem(TOMORROW) == f"the date is after today ({TODAY:%d/%m/%Y})."
    assert date_bound_problem(TOMORROW, ahead_days=366) is None
    latest = TODAY + datetime.timedelta(days=366)
    assert date_bound_problem(TOO_FAR, ahead_days=366) == (
        f"the date is more than 366 days after today: give a date up to {latest:%d/%m/%Y}."
    )
    assert date_bound_problem(datetime.date(2099, 1, 1), ahead_days=None) is None


def test_the_earliest_date_is_a_setting(settings):
    settings.EARLIEST_RECORD_DATE = "2010-01-01"
    assert date_bound_problem(datetime.date(2009, 6, 1)) == "a date before 01/01/2010 is not plausible."


def test_each_date_field_has_its_rule():
    assert PlausibleDate.of(Classification, "decision_date").ahead_days == 0
    assert PlausibleDate.of(Inspection, "date").ahead_days == 0
    assert PlausibleDate.of(CaseCount, "reported_on").ahead_days == 0
    assert PlausibleDate.of(AdminUnit, "valid_from").ahead_days == 366
    assert PlausibleDate.of(CounsellingPoint, "opened_on").ahead_days == 366
    assert PlausibleDate.of(Inspection, "follow_up_due").ahead_days == 730


def test_a_classification_decided_in_1900_or_tomorrow_is_refused_by_the_model():
    commune = factories.unit("55001", square(105, 21))
    for day, message in [
        (datetime.date(1900, 1, 1), "a date before 01/01/2000 is not plausible."),
        (TOMORROW, f"the date is after today ({TODAY:%d/%m/%Y})."),
    ]:
        decision = Classification(unit=commune, year=2025, scheme="qd28_2025", drug_class="type_1")
        decision.decision_date = day
        with pytest.raises(ValidationError) as caught:
            decision.full_clean()
        assert caught.value.message_dict == {"decision_date": [message]}


def test_the_admin_refuses_a_decision_date_before_the_bound_and_keeps_the_form(admin_client):
    commune = factories.unit("55002", square(105, 21))
    response = admin_client.post(
        reverse("admin:monitoring_classification_add"),
        {
            "unit": commune.pk,
            "year": 2025,
            "scheme": "qd28_2025",
            "drug_class": "type_1",
            "decision_number": "12/QĐ-UBND",
            "decision_date": "1900-01-01",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "a date before 01/01/2000 is not plausible." in response.content.decode()
    assert not Classification.objects.filter(unit=commune).exists()


def test_the_admin_refuses_a_boundary_version_more_than_a_year_ahead(admin_client):
    commune = factories.unit("55003", square(105, 21))
    page = admin_client.get(reverse("admin:geo_adminunit_change", args=[commune.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {"valid_from": f"{TOO_FAR:%Y-%m-%d}", "geom": commune.geom.json}
    response = admin_client.post(reverse("admin:geo_adminunit_change", args=[commune.pk]), data)
    assert response.status_code == 200
    assert "the date is more than 366 days after today" in response.content.decode()
    commune.refresh_from_db()
    assert commune.valid_from == factories.VALID_FROM


def test_a_boundary_import_refuses_a_valid_from_too_far_ahead_and_writes_nothing(tmp_path):
    path = boundary_file_write(
        tmp_path / "xa.geojson", [{"code": "71001", "name": "Xã A", "wkt": square(105, 21)}]
    )
    with pytest.raises(BoundaryImportError) as caught:
        boundaries_import(path=path, level="commune", valid_from=TOO_FAR)
    (problem,) = caught.value.problems
    assert (problem.file, problem.field, problem.value) == ("xa.geojson", "valid_from", TOO_FAR.isoformat())
    assert "give a date up to" in problem.reason
    assert not AdminUnit.objects.filter(code="71001").exists()
    ahead = TODAY + datetime.timedelta(days=60)  # announced ahead: accepted
    assert boundaries_import(path=path, level="commune", valid_from=ahead).created == 1


def test_the_boundary_command_refuses_a_valid_from_before_the_earliest_date(tmp_path):
    path = boundary_file_write(
        tmp_path / "xa.geojson", [{"code": "71002", "name": "Xã B", "wkt": square(105, 21)}]
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_boundaries", str(path), "--level", "commune", "--valid-from", "1990-07-01")
    assert 'field valid_from, value "1990-07-01"' in str(caught.value)
    assert "a date before 01/01/2000 is not plausible." in str(caught.value)


def test_the_boundary_upload_form_shows_the_bound_beside_the_date(tmp_path, admin_client):
    path = boundary_file_write(
        tmp_path / "xa.zip", [{"code": "71003", "name": "Xã C", "wkt": square(105, 21)}]
    )
    response = admin_client.post(
        "/data/boundaries/",
        {
            "level": "commune",
            "valid_from": f"{TOO_FAR:%Y-%m-%d}",
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
        },
    )
    page = response.content.decode()
    assert "the date is more than 366 days after today" in page
    assert not AdminUnit.objects.filter(code="71003").exists()


def test_a_places_file_with_an_implausible_opening_date_names_file_row_field_value_and_bound(tmp_path):
    build_units()
    path = tmp_path / "c.csv"
    path.write_text(
        "name,status,opened_on,lon,lat\n"
        "Điểm A,active,2024-05-01,105.005,20.005\n"
        "Điểm B,active,01/01/1900,105.006,20.005\n"
        f"Điểm C,planned,{TOO_FAR:%Y-%m-%d},105.007,20.005\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError) as caught:
        places_import(path=path, kind="counselling-point")
    latest = TODAY + datetime.timedelta(days=366)
    fix = "check the date; write it as YYYY-MM-DD or DD/MM/YYYY."
    assert caught.value.lines == [
        f'c.csv row 3, field opened_on, value "01/01/1900": a date before 01/01/2000 is not plausible.; {fix}',
        f'c.csv row 4, field opened_on, value "{TOO_FAR:%Y-%m-%d}": the date is more than 366 days after'
        f" today: give a date up to {latest:%d/%m/%Y}.; {fix}",
    ]
    assert not CounsellingPoint.objects.filter(is_demo=False).exists()


def test_an_inspection_dated_tomorrow_or_with_a_follow_up_years_ahead_is_refused():
    build_units()
    place = factories.establishment(105.005, 20.005)
    with pytest.raises(BadInput) as caught:
        inspection_record(establishment=place, date=f"{TOMORROW:%Y-%m-%d}", team="Đội 1", result="compliant")
    assert str(caught.value) == (f"date = “{TOMORROW:%Y-%m-%d}”: the date is after today ({TODAY:%d/%m/%Y}).")
    far = TODAY + datetime.timedelta(days=1000)
    with pytest.raises(BadInput) as caught:
        inspection_record(
            establishment=place, date=TODAY, team="Đội 1", result="compliant", follow_up_due=far
        )
    assert "more than 730 days after today" in str(caught.value)
    assert not Inspection.objects.filter(establishment=place).exists()


@pytest.fixture
def reporter():
    units = build_units()
    user = User.objects.create_user("dates-reporter")
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


def test_the_api_refuses_a_count_for_a_month_before_the_earliest_date(reporter):
    payload = {"commune_code": "10001", "period": "1999-12", "indicator": "illegal_users", "value": 3}
    response = reporter.post("/api/case-counts/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "10001: 12/1999 is before 01/2000, the earliest month figures are kept for."
    )
    assert not CaseCount.objects.filter(is_demo=False).exists()


@pytest.mark.parametrize(
    ("period", "bound"),
    [("2099-01", "figures can be given up to"), ("1999-05", "the earliest month figures are kept for")],
)
def test_the_api_list_refuses_a_month_no_figure_can_exist_for(reporter, period, bound):
    response = reporter.get("/api/case-counts/", {"period": period})
    assert response.status_code == 400
    body = response.json()
    assert (body["parameter"], body["value"]) == ("period", period)
    assert bound in body["detail"]
    current = reporter.get("/api/case-counts/", {"period": f"{TODAY:%Y-%m}"})
    assert current.status_code == 200


def test_a_counts_file_with_a_month_before_the_earliest_date_names_its_row_and_the_bound(tmp_path):
    from monitoring.imports.counts import case_counts_import

    build_units()
    path = tmp_path / "counts.csv"
    path.write_text("code,period,illegal_users\n10001,2024-05,4\n10002,1999-12,7\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        case_counts_import(path=path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.field, problem.value) == ("counts.csv", 3, "period", "1999-12")
    assert problem.reason == "12/1999 is before 01/2000, the earliest month figures are kept for."
    assert not CaseCount.objects.filter(is_demo=False).exists()
