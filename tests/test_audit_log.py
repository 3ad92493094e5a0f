"""The audit log: append-only in the database, written by the services that change
data, by admin saves and deletes, and by every export; read-only in the admin."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.db import DatabaseError, connection, transaction

from monitoring.audit import audit_context, audit_export, audit_record
from monitoring.models import AuditEvent, CaseCount, CounsellingPoint, Indicator
from monitoring.services.case_counts import case_counts_record
from monitoring.services.errors import MonitoringError
from tests import factories

pytestmark = pytest.mark.django_db
MAY = datetime.date(2026, 5, 1)


@pytest.fixture
def commune():
    return factories.unit("79101", "POLYGON((106 10, 106.02 10, 106.02 10.02, 106 10.02, 106 10))")


@pytest.fixture
def superuser(client):
    user = User.objects.create_superuser("root-audit", password="pw-for-tests")
    client.force_login(user)
    return user


def test_an_audit_event_cannot_be_updated_or_deleted_even_in_raw_sql():
    event = audit_record(action="export", object_type="communes", row_count=3, user=None, channel="api")
    for statement in (
        "UPDATE monitoring_auditevent SET row_count = 0 WHERE id = %s",
        "DELETE FROM monitoring_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(statement, [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).row_count == 3


def test_deleting_a_user_leaves_their_audit_events(commune):
    user = User.objects.create_user("gone")
    with audit_context(user=user, channel="page"):
        case_counts_record(unit=commune, period=MAY, values={Indicator.objects.get(code="illegal_users"): 2})
    user.delete()
    assert AuditEvent.objects.get(object_type="monitoring.casecount").username == "gone"


def test_case_counts_are_recorded_with_before_and_after(commune):
    users = Indicator.objects.get(code="illegal_users")
    reporter = User.objects.create_user("reporter-a")
    with audit_context(user=reporter, channel="page", ip="10.0.0.7"):
        case_counts_record(unit=commune, period=MAY, values={users: 3})
        case_counts_record(unit=commune, period=MAY, values={users: 5})
        case_counts_record(unit=commune, period=MAY, values={users: 5})  # no change: no event
    created, updated = AuditEvent.objects.filter(object_type="monitoring.casecount").order_by("id")
    count = CaseCount.objects.get(unit=commune, period=MAY, indicator=users)
    assert (created.action, created.before, created.after["value"]) == ("create", None, 3)
    assert (updated.action, updated.before["value"], updated.after["value"]) == ("update", 3, 5)
    assert (updated.username, updated.channel, updated.ip, updated.object_key) == (
        "reporter-a",
        "page",
        "10.0.0.7",
        str(count.pk),
    )


def test_a_rejected_change_leaves_no_audit_event(commune):
    users = Indicator.objects.get(code="illegal_users")
    before = AuditEvent.objects.count()
    with pytest.raises(MonitoringError):
        case_counts_record(unit=commune, period=MAY, values={users: -1})
    assert AuditEvent.objects.count() == before


def test_a_visit_recorded_on_the_page_is_audited_as_the_inspector(client):
    unit = factories.unit("79102", "POLYGON((106 10, 106.02 10, 106.02 10.02, 106 10.02, 106 10))")
    place = factories.establishment(106.01, 10.01, name="Karaoke Audit")
    client.force_login(factories.role_user("insp-audit", "inspector", areas=[unit]))
    response = client.post(
        f"/maps/establishments/{place.pk}/inspect/",
        {"date": "2026-05-05", "team": "Đội 1", "result": "closed_down"},
    )
    assert response.status_code == 302
    events = {e.object_type: e for e in AuditEvent.objects.all()}
    assert events["monitoring.inspection"].after["team"] == "Đội 1"
    assert events["monitoring.inspection"].username == "insp-audit"
    assert (
        events["monitoring.establishment"].before["status"],
        events["monitoring.establishment"].after["status"],
    ) == (
        "active",
        "closed",
    )


def test_admin_save_and_delete_are_audited(client, superuser, commune):
    point = CounsellingPoint.objects.create(
        name="Điểm cũ", location=Point(106.01, 10.01, srid=4326), status="planned", staff=1
    )
    url = f"/admin/monitoring/counsellingpoint/{point.pk}/change/"
    form = {
        "name": "Điểm mới",
        "location": "SRID=4326;POINT (106.01 10.01)",
        "status": "planned",
        "staff": "2",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(f"/admin/monitoring/counsellingpoint/{point.pk}/delete/", {"post": "yes"})
    update, delete = AuditEvent.objects.filter(object_type="monitoring.counsellingpoint").order_by("id")
    assert (update.action, update.channel, update.username) == ("update", "admin", "root-audit")
    assert (update.before["name"], update.after["name"], update.after["staff"]) == ("Điểm cũ", "Điểm mới", 2)
    assert update.after["commune_id"] == commune.pk  # as the database derived it
    assert (delete.action, delete.before["name"], delete.object_key) == ("delete", "Điểm mới", str(point.pk))


def test_exports_are_audited_with_filter_and_row_count(client):
    unit = factories.unit("79103", "POLYGON((106 10, 106.02 10, 106.02 10.02, 106 10.02, 106 10))")
    for i in range(3):
        factories.establishment(106.005 + i * 0.005, 10.01, name=f"Karaoke {i}")
    client.force_login(factories.role_user("insp-export", "inspector", areas=[unit]))
    response = client.get("/maps/establishments/export.csv?type=karaoke")
    assert response.status_code == 200
    b"".join(response.streaming_content)  # audited once its last row is written, as /exports
    event = AuditEvent.objects.get(action="export")
    assert (event.object_type, event.row_count, event.filter, event.username) == (
        "establishments.csv",
        3,
        {"type": "karaoke"},
        "insp-export",
    )


def test_audit_export_is_the_helper_other_channels_call():
    user = User.objects.create_user("api-user")
    event = audit_export(user, "ogc", "communes", {"bbox": "1,2,3,4"}, 12)
    assert (event.channel, event.object_type, event.row_count, event.username) == (
        "ogc",
        "communes",
        12,
        "api-user",
    )


def test_the_admin_lists_and_filters_events_but_never_edits_them(client, superuser):
    event = audit_export(superuser, "page", "establishments.csv", {}, 1)
    assert client.get("/admin/monitoring/auditevent/?action__exact=export").status_code == 200
    assert client.get(f"/admin/monitoring/auditevent/{event.pk}/change/").status_code == 200  # view only
    assert client.get("/admin/monitoring/auditevent/add/").status_code == 403
    assert client.post(f"/admin/monitoring/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_boundary_import_that_changes_units_is_audited_once(tmp_path):
    from geo.imports.service import boundaries_import
    from tests.boundary_files import boundary_file_write, square

    units = [{"code": "71001", "name": "Xã A", "wkt": square(105.0, 21.0, 0.1)}]
    path = boundary_file_write(tmp_path / "communes.geojson", units)
    with audit_context(user=User.objects.create_user("importer"), channel="page"):
        boundaries_import(path=path, level="commune", valid_from=datetime.date(2020, 1, 1))
        boundaries_import(path=path, level="commune", valid_from=datetime.date(2020, 1, 1))  # no change
    (event,) = AuditEvent.objects.filter(action="import", object_type="geo.adminunit")
    assert (event.object_type, event.object_key, event.row_count, event.username) == (
        "geo.adminunit",
        "communes.geojson",
        1,
        "importer",
    )
    assert event.after["created"] == 1


def test_a_counts_import_is_one_event_with_the_cells_it_changed(commune):
    from monitoring.imports.communes import Commune
    from monitoring.imports.counts import case_counts_save
    from monitoring.imports.counts_file import CountRow

    users = Indicator.objects.get(code="illegal_users")
    place = Commune(id=commune.id, code=commune.code, name=commune.name, district="")
    for value in (3, 3, 8):  # the second import changes nothing
        case_counts_save(
            rows=[CountRow(row=2, commune=place, period=MAY, values={users.id: value})], filename="t.csv"
        )
    first, second = AuditEvent.objects.filter(action="import", object_key="t.csv").order_by("id")
    key = f"79101 2026-05 {users.id}"
    assert (first.before, first.after, first.row_count) == ({key: None}, {key: 3}, 1)
    assert (second.before, second.after) == ({key: 3}, {key: 8})


def test_an_api_list_is_audited_as_an_export_of_its_layer(client):
    unit = factories.unit("79104", "POLYGON((106 10, 106.02 10, 106.02 10.02, 106 10.02, 106 10))")
    factories.establishment(106.01, 10.01, name="Karaoke API")
    client.force_login(factories.role_user("insp-api", "inspector", areas=[unit]))
    assert client.get("/api/establishments/?type=karaoke").status_code == 200
    event = AuditEvent.objects.get(action="export", username="insp-api")
    assert (event.channel, event.object_type, event.row_count, event.filter) == (
        "api",
        "establishments",
        1,
        {"type": "karaoke"},
    )
