"""A figure can be cleared in the data-entry grid: emptying a cell that holds a stored
figure deletes it (the commune has then not reported it), in the same all-or-nothing
save, counted and audited; it needs the permission to delete case counts. A field absent
from the post, and a blank cell of an import file, keep the stored figure."""

import datetime

import pytest
from django.test import Client
from django.utils import translation

from monitoring.figures.completeness import period_completeness
from monitoring.figures.periods import Period
from monitoring.imports.counts import case_counts_import
from monitoring.imports.grid import field_name
from monitoring.models import AuditEvent, CaseCount, Indicator
from tests import factories
from tests.import_units import build_units

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def units():
    return build_units()


@pytest.fixture
def stored(units):
    """03/2026 in the four communes of district 981: illegal drug users; in 10001 also
    voluntary rehab at a facility (2), a part of addicts under management."""
    users, rehab = Indicator.objects.get(code="illegal_users"), Indicator.objects.get(code="rehab_facility")
    for code in ("10001", "10002", "10003", "10004"):
        CaseCount.objects.create(unit=units[code], period=MARCH, indicator=users, value=10)
    CaseCount.objects.create(unit=units["10001"], period=MARCH, indicator=rehab, value=2)
    return users, rehab


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def reporter(units):
    return client_of(factories.role_user("reporter-981", "reporter", areas=[units["981"]]))


def grid(units, users, rehab, **cells) -> dict:
    """Every cell of the four communes as the page posts them, with ``cells`` overriding."""
    data = {}
    for code in ("10001", "10002", "10003", "10004"):
        data[field_name(units[code].id, users.id)] = "10"
        data[field_name(units[code].id, rehab.id)] = "2" if code == "10001" else ""
    for code, value in cells.items():
        data[field_name(units[code].id, users.id)] = value
    return data


def share(units) -> float:
    ids = [units[c].id for c in ("10001", "10002", "10003", "10004")]
    indicator = Indicator.objects.get(code="illegal_users")
    return period_completeness(indicator=indicator, period=Period.month(MARCH), unit_ids=ids).share


def test_an_emptied_cell_is_deleted_counted_and_audited_and_the_share_drops(units, stored, reporter):
    users, rehab = stored
    assert share(units) == 100.0
    response = reporter.post(
        "/data/entry/?month=2026-03&district=", grid(units, users, rehab, **{"10002": ""})
    )
    assert response.status_code == 302
    assert not CaseCount.objects.filter(unit=units["10002"], period=MARCH, indicator=users).exists()
    assert CaseCount.objects.filter(unit__parent=units["981"], period=MARCH, indicator=users).count() == 3
    page = reporter.get(response["Location"]).content.decode()
    assert "Saved 03/2026: 0 figures created, 0 changed, 4 unchanged, 1 cleared." in page
    event = AuditEvent.objects.get(action="import", username="reporter-981")
    key = f"10002 2026-03 {users.id}"
    assert (event.before, event.after) == ({key: 10}, {key: None})
    assert event.username == "reporter-981"
    assert share(units) == 75.0


def test_a_field_absent_from_the_post_keeps_the_stored_figure(units, stored, reporter):
    users, rehab = stored
    data = grid(units, users, rehab)
    del data[field_name(units["10003"].id, users.id)]
    assert reporter.post("/data/entry/?month=2026-03", data).status_code == 302
    assert CaseCount.objects.get(unit=units["10003"], period=MARCH, indicator=users).value == 10
    assert not AuditEvent.objects.filter(action="import", username="reporter-981").exists()


def test_clearing_without_the_delete_permission_is_refused(units, stored):
    users, rehab = stored
    user = factories.role_user("reporter-no-delete", "reporter", areas=[units["981"]])
    user.groups.clear()
    from django.contrib.auth.models import Permission

    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="monitoring",
            codename__in=("add_casecount", "change_casecount", "view_casecount"),
        )
    )
    response = client_of(user).post("/data/entry/?month=2026-03", grid(units, users, rehab, **{"10002": ""}))
    assert response.status_code == 400
    assert (
        "clearing the stored figure 10 needs the permission to delete case counts; "
        "write the figure again, or ask a reporter who may clear figures."
    ) in response.content.decode()
    assert CaseCount.objects.filter(unit__parent=units["981"], period=MARCH, indicator=users).count() == 4


def test_a_clear_is_all_or_nothing_with_the_rest_of_the_grid(units, stored, reporter):
    users, rehab = stored
    data = grid(units, users, rehab, **{"10002": "", "10003": "abc"})
    assert reporter.post("/data/entry/?month=2026-03", data).status_code == 400
    assert CaseCount.objects.filter(unit__parent=units["981"], period=MARCH, indicator=users).count() == 4


def test_a_whole_can_be_cleared_while_its_part_stays(units, stored, reporter):
    users, rehab = stored
    whole = rehab.part_of
    CaseCount.objects.create(unit=units["10001"], period=MARCH, indicator=whole, value=5)
    data = grid(units, users, rehab) | {field_name(units["10001"].id, whole.id): ""}
    assert reporter.post("/data/entry/?month=2026-03", data).status_code == 302
    assert not CaseCount.objects.filter(unit=units["10001"], period=MARCH, indicator=whole).exists()
    assert CaseCount.objects.get(unit=units["10001"], period=MARCH, indicator=rehab).value == 2


def test_a_locked_month_cannot_be_cleared(units, stored, reporter):
    from monitoring.quality.approval import period_approve

    users, rehab = stored
    leader = factories.role_user("leader-98", "leader", areas=[units["98"]])
    period_approve(user=leader, unit=units["10002"], period=MARCH)
    response = reporter.post("/data/entry/?month=2026-03", grid(units, users, rehab, **{"10002": ""}))
    assert response.status_code == 400 and "it is locked" in response.content.decode()
    assert CaseCount.objects.filter(unit__parent=units["981"], period=MARCH, indicator=users).count() == 4
    # the other communes' rows are still open and unchanged figures pass
    assert (
        reporter.post("/data/entry/?month=2026-03", grid(units, users, rehab, **{"10003": "11"})).status_code
        == 302
    )


def test_a_blank_cell_in_a_file_keeps_the_stored_figure(units, stored, tmp_path):
    users, _rehab = stored
    path = tmp_path / "counts.csv"
    path.write_text("code,period,illegal_users,rehab_facility\n10001,2026-03,,3\n")
    with translation.override("en"):
        report = case_counts_import(path=path)
    assert (report.changed, report.cleared) == (1, 0)
    assert CaseCount.objects.get(unit=units["10001"], period=MARCH, indicator=users).value == 10
