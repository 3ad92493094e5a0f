"""An approver approves a month for an area, which locks it in every commune under it:
the grid turns read-only and refuses a post, a file row and a REST write that would change
a figure are refused, each naming the approver and the date; unapproving needs the
permission and is audited; an approver cannot act outside his area; a reporter marks a
commune-month complete; exports and pages state whether their figures are approved."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone, translation

from core.errors import Forbidden
from monitoring.imports.counts import case_counts_import
from monitoring.imports.grid import field_name
from monitoring.imports.problems import ImportFileError
from monitoring.models import AuditEvent, CaseCount, Indicator, PeriodApproval, ReportSubmission
from monitoring.quality.approval import approval_state, approvals_over, period_approve
from tests import factories
from tests.import_units import build_units

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def units():
    return build_units()


@pytest.fixture
def users(units):
    leader = factories.role_user("leader-98", "leader", areas=[units["98"]])
    leader.first_name, leader.last_name = "Lê", "Văn Duyệt"
    leader.save()
    return {
        "leader": leader,
        "other": factories.role_user("leader-982", "leader", areas=[units["982"]]),
        "reporter": factories.role_user("reporter-981", "reporter", areas=[units["981"]]),
    }


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def march(units):
    """Illegal drug users for 03/2026 in every current commune."""
    users = Indicator.objects.get(code="illegal_users")
    for value, code in enumerate(("10001", "10002", "10003", "10004", "10005", "10006"), start=3):
        CaseCount.objects.create(unit=units[code], period=MARCH, indicator=users, value=value)
    return users


def today() -> str:
    return f"{timezone.localdate():%d/%m/%Y}"


def approve(leader, unit, month="2026-03", **extra):
    data = {"month": month, "unit": unit.pk, "action": "approve", "confirm": "1"} | extra
    return client_of(leader).post(f"/data/approval/?month={month}", data)


def test_an_approved_month_makes_the_grid_read_only_naming_the_approver_and_date(units, users, march):
    assert approve(users["leader"], units["98"]).status_code == 302
    reporter = client_of(users["reporter"])
    page = reporter.get("/data/entry/?month=2026-03").content.decode()
    assert 'id="month-approved"' in page and 'id="month-closed"' in page
    assert f"Approved by Lê Văn Duyệt on {today()} (Tỉnh Thử)." in page
    assert " readonly" in page and "Save the month" not in page
    assert "/data/approval/" not in page.split('id="month-approved"')[1].split("</p>")[0]  # not an approver
    response = reporter.post("/data/entry/?month=2026-03", {field_name(units["10001"].id, march.id): "99"})
    assert response.status_code == 409
    assert (
        f"03/2026 was approved for Tỉnh Thử by Lê Văn Duyệt on {today()}: it is locked; "
        "ask Lê Văn Duyệt or another approver to unapprove it first."
    ) in response.content.decode()
    assert CaseCount.objects.get(unit=units["10001"], period=MARCH).value == 3
    approver_page = client_of(users["leader"]).get("/data/approval/?month=2026-03").content.decode()
    assert "Approved by Lê Văn Duyệt" in approver_page


def test_a_locked_month_refuses_a_file_row_that_changes_a_figure(units, users, march, tmp_path):
    period_approve(user=users["leader"], unit=units["981"], period=MARCH)
    path = tmp_path / "counts.csv"
    path.write_text("code,period,illegal_users\n10001,2026-03,3\n10002,2026-03,50\n10005,2026-03,60\n")
    with translation.override("en"), pytest.raises(ImportFileError) as caught:
        case_counts_import(path=path)
    (problem,) = caught.value.problems  # 10001 repeats its figure; 10005 is in the other district
    assert (problem.row, problem.field, problem.value) == (3, "period", "2026-03")
    assert problem.reason == (
        f"03/2026 was approved for Huyện Một by Lê Văn Duyệt on {today()}: it is locked; "
        "ask Lê Văn Duyệt or another approver to unapprove it first."
    )
    assert CaseCount.objects.get(unit=units["10005"], period=MARCH).value == 7  # all or nothing


def test_the_api_answers_409_on_a_locked_month(units, users, march):
    period_approve(user=users["leader"], unit=units["98"], period=MARCH)
    payload = {"commune_code": "10001", "period": "2026-03-01", "indicator": "illegal_users", "value": 30}
    response = client_of(users["reporter"]).post(
        "/api/case-counts/", payload, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert f"by Lê Văn Duyệt on {today()}" in response.json()["detail"]
    assert CaseCount.objects.get(unit=units["10001"], period=MARCH).value == 3


def test_an_approval_locks_the_communes_under_its_area_only(units, users):
    approval = period_approve(user=users["leader"], unit=units["982"], period=MARCH)
    locks = approvals_over([units[c].id for c in ("10001", "10005", "10006")], MARCH)
    assert locks == {units["10005"].id: approval, units["10006"].id: approval}
    assert approvals_over([units["10005"].id], datetime.date(2026, 4, 1)) == {}


def test_unapproving_needs_the_permission_and_is_audited(units, users, march):
    approval = period_approve(user=users["leader"], unit=units["98"], period=MARCH)
    reporter = client_of(users["reporter"])
    data = {"month": "2026-03", "unit": units["98"].pk, "action": "unapprove"}
    assert reporter.post("/data/approval/?month=2026-03", data).status_code == 403
    from monitoring.quality.approval import period_unapprove

    with pytest.raises(Forbidden):
        period_unapprove(user=users["reporter"], unit=units["98"], period=MARCH)
    assert PeriodApproval.objects.filter(pk=approval.pk).exists()
    assert client_of(users["leader"]).post("/data/approval/?month=2026-03", data).status_code == 302
    assert not PeriodApproval.objects.exists()
    event = AuditEvent.objects.get(action="unapprove", object_key=str(approval.pk))
    assert event.username == "leader-98" and event.before["unit_id"] == units["98"].pk
    assert AuditEvent.objects.filter(action="approve", object_key=str(approval.pk)).exists()
    page = reporter.get("/data/entry/?month=2026-03").content.decode()
    assert "Save the month" in page and 'id="month-approved"' not in page


def test_a_leader_of_another_district_cannot_approve_outside_his_area(units, users, march):
    with translation.override("en"), pytest.raises(Forbidden) as caught:
        period_approve(user=users["other"], unit=units["981"], period=MARCH)
    assert str(caught.value) == "Huyện Một is outside your area: you may approve only your own areas."
    assert approve(users["other"], units["981"]).status_code == 404
    page = client_of(users["other"]).get("/data/approval/?month=2026-03").content.decode()
    assert 'data-unit="982"' in page and 'data-unit="981"' not in page and 'data-unit="98"' not in page
    assert not PeriodApproval.objects.exists()


def test_a_month_to_come_cannot_be_approved(units, users):
    today = timezone.localdate()
    index = today.year * 12 + today.month
    month = f"{index // 12}-{index % 12 + 1:02d}"
    response = approve(users["leader"], units["98"], month=month)
    assert response.status_code == 400 and "has not come yet" in response.content.decode()
    assert not PeriodApproval.objects.exists()


def test_approving_an_incomplete_month_warns_and_asks_to_confirm(units, users):
    users_indicator = Indicator.objects.get(code="illegal_users")
    CaseCount.objects.create(unit=units["10001"], period=MARCH, indicator=users_indicator, value=4)
    response = approve(users["leader"], units["981"], confirm="")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="approve-confirm"' in page
    assert "03/2026 is not complete for Huyện Một: 1 of 4 communes reported (25 %)." in page
    assert not PeriodApproval.objects.exists()
    assert approve(users["leader"], units["981"]).status_code == 302
    assert PeriodApproval.objects.get().unit == units["981"]


def test_the_approval_page_lists_the_province_and_its_districts_with_reporting(units, users, march):
    ReportSubmission.objects.create(unit=units["10001"], period=MARCH, submitted_by=users["reporter"])
    period_approve(user=users["leader"], unit=units["981"], period=MARCH)
    page = client_of(users["leader"]).get("/data/approval/?month=2026-03").content.decode()
    rows = {code: page.split(f'data-unit="{code}"')[1].split("</tr>")[0] for code in ("98", "981", "982")}
    assert (
        "6 / 6" in rows["98"]
        and "1 / 6" in rows["98"]
        and "Partly approved (66.7 % of the communes)" in rows["98"]
    )
    assert "4 / 4" in rows["981"] and "Approved by Lê Văn Duyệt" in rows["981"] and "Unapprove" in rows["981"]
    assert "2 / 2" in rows["982"] and "Not approved" in rows["982"] and ">Approve<" in rows["982"]
    assert client_of(users["reporter"]).post("/data/approval/?month=2026-03", {}).status_code == 403


def test_a_reporter_marks_a_commune_month_complete_and_it_is_audited(units, users, march):
    reporter = client_of(users["reporter"])
    commune = units["10001"]
    response = reporter.post("/data/entry/complete/?month=2026-03&district=", {"mark": commune.pk})
    assert response.status_code == 302 and response["Location"].startswith("/data/entry/?month=2026-03")
    mark = ReportSubmission.objects.get(unit=commune, period=MARCH)
    assert mark.submitted_by == users["reporter"]
    assert AuditEvent.objects.filter(
        action="create",
        object_type="monitoring.reportsubmission",
        object_key=str(mark.pk),
        username="reporter-981",
    ).exists()
    page = reporter.get("/data/entry/?month=2026-03").content.decode()
    assert f"complete · reporter-981 {today()}" in page
    reporter.post("/data/entry/complete/?month=2026-03", {"unmark": commune.pk})
    assert not ReportSubmission.objects.exists()
    assert AuditEvent.objects.filter(
        action="delete",
        object_type="monitoring.reportsubmission",
        object_key=str(mark.pk),
        username="reporter-981",
    ).exists()
    leader = client_of(users["leader"])
    assert leader.post("/data/entry/complete/?month=2026-03", {"mark": commune.pk}).status_code == 403
    outside = reporter.post("/data/entry/complete/?month=2026-03", {"mark": units["10005"].pk})
    assert outside.status_code == 403 and not ReportSubmission.objects.exists()


def test_a_locked_commune_month_cannot_be_marked_or_unmarked(units, users, march):
    period_approve(user=users["leader"], unit=units["98"], period=MARCH)
    response = client_of(users["reporter"]).post(
        "/data/entry/complete/?month=2026-03", {"mark": units["10001"].pk}
    )
    assert response.status_code == 409 and not ReportSubmission.objects.exists()


def test_the_approval_state_of_an_area_is_all_partly_or_none(units, users, march):
    ids = {
        code: [units[c].id for c in codes]
        for code, codes in {"98": ("10001", "10005"), "982": ("10005",)}.items()
    }
    assert approval_state(period=MARCH, unit_ids=ids["98"]).status == "not_approved"
    period_approve(user=users["leader"], unit=units["982"], period=MARCH)
    with translation.override("en"):
        state = approval_state(period=MARCH, unit_ids=ids["98"])
        assert (state.status, state.share) == ("partly", 50.0)
        assert state.label() == f"Partly approved (50 % of the communes), last by Lê Văn Duyệt on {today()}"
        whole = approval_state(period=MARCH, unit_ids=ids["982"])
        assert whole.status == "approved" and whole.label() == f"Approved by Lê Văn Duyệt on {today()}"


def _json(response):
    return json.loads(b"".join(response.streaming_content) if response.streaming else response.content)


def test_exports_and_pages_state_whether_their_figures_are_approved(units, users, march):
    leader = client_of(users["leader"])
    export = "/exports/case-counts.geojson?period_from=2026-03&period_to=2026-03&indicator=illegal_users"
    assert _json(leader.get(export))["metadata"]["approval"]["status"] == "not_approved"
    risk = "/maps/risk/export.geojson?period=2026-03&measure=count:illegal_users"
    assert _json(leader.get(risk))["approval"]["status"] == "not_approved"
    period_approve(user=users["leader"], unit=units["981"], period=MARCH)
    assert _json(leader.get(export))["metadata"]["approval"]["status"] == "partly"
    period_approve(user=users["leader"], unit=units["982"], period=MARCH)
    approval = _json(leader.get(export))["metadata"]["approval"]
    assert approval["status"] == "approved" and approval["period"] == "2026-03"
    assert [(a["area"], a["approved_by"]) for a in approval["approvals"]] == [
        ("981", "Lê Văn Duyệt"),
        ("982", "Lê Văn Duyệt"),
    ]
    risk_approval = _json(leader.get(risk))["approval"]
    assert risk_approval["status"] == "approved" and risk_approval["period"] == "2026-03"
    page = leader.get("/maps/risk/?period=2026-03&measure=count:illegal_users").content.decode()
    assert 'id="approval-state" data-status="approved"' in page
    printed = leader.get("/maps/risk/print/?period=2026-03&measure=count:illegal_users").content.decode()
    assert 'data-status="approved"' in printed
    home = leader.get("/").content.decode()
    assert 'id="latest-complete">03/2026' in home and 'data-status="approved"' in home
    outreach = leader.get("/maps/planning/outreach.geojson?period=2026-03&border_km=any&classes=")
    assert _json(outreach)["approval"]["status"] == "approved"
