"""The field app's sync API: one visit per idempotency key, the user's area on every
visit and photo, photo checks, conflicts and the correction period."""

import datetime
import io
import uuid

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from monitoring.models import AuditEvent, Inspection, InspectionPhoto
from monitoring.models.site_settings import SiteSettings
from monitoring.roles import roles_sync
from tests.api_world import world  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

VISITS = "/api/field/visits/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FIELD_PHOTO_MAX_KB = 200


@pytest.fixture
def inspector(world, client):  # noqa: F811
    roles_sync()
    user = world["inspector"]
    user.groups.set([Group.objects.get(name="inspector")])
    client.force_login(user)
    return client


def visit_body(establishment, key=None, **fields):
    return {
        "key": str(key or uuid.uuid4()),
        "establishment": establishment.pk,
        "package_taken_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "date": timezone.localdate().isoformat(),
        "team": "Đội 1",
        "result": "compliant",
        "lon": 105.0011,
        "lat": 7.0011,
        "accuracy_m": 12.5,
        **fields,
    }


def jpeg(size=(64, 48), *, exif=True) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, "red")
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        extra["exif"] = data.tobytes()
    image.save(out, format="JPEG", **extra)
    return out.getvalue()


def test_duplicate_idempotency_keys_store_one_visit(world, inspector):  # noqa: F811
    body = visit_body(world["inside"][0])
    first = inspector.post(VISITS, body, content_type="application/json")
    again = inspector.post(VISITS, body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Inspection.objects.filter(idempotency_key=body["key"]).count() == 1
    stored = Inspection.objects.get(idempotency_key=body["key"])
    assert stored.position_accuracy_m == 12.5
    assert stored.recorded_by == world["inspector"]


def test_inspector_cannot_sync_a_visit_outside_his_areas(world, inspector):  # noqa: F811
    response = inspector.post(VISITS, visit_body(world["outside"][0]), content_type="application/json")
    assert response.status_code == 404
    assert response.json()["parameter"] == "establishment"
    assert not Inspection.objects.filter(recorded_by=world["inspector"]).exists()


def test_every_invalid_field_is_reported_at_once(world, inspector):  # noqa: F811
    body = visit_body(
        world["inside"][0], result="violation", violations="", team="Đội 1", fine_vnd=-5, follow_up_due="bad"
    )
    response = inspector.post(VISITS, body, content_type="application/json")
    assert response.status_code == 400
    assert {"fine_vnd", "follow_up_due"} <= set(response.json())


def test_rules_between_fields_are_reported_together(world, inspector):  # noqa: F811
    today = timezone.localdate()
    body = visit_body(
        world["inside"][0],
        result="violation",
        violations="",
        fine_vnd=1_000_000,
        follow_up_due=(today - datetime.timedelta(days=3)).isoformat(),
    )
    response = inspector.post(VISITS, body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) >= {"violations", "decision_number", "follow_up_due"}


def _visit(world, inspector):  # noqa: F811
    body = visit_body(world["inside"][0])
    assert inspector.post(VISITS, body, content_type="application/json").status_code == 201
    return body["key"]


def test_photo_is_stored_without_metadata_and_read_only_inside_the_area(world, inspector, client):  # noqa: F811
    key = _visit(world, inspector)
    upload = io.BytesIO(jpeg())
    upload.name = "p.jpg"
    response = inspector.post(f"{VISITS}{key}/photos/", {"photo": upload, "photo_key": str(uuid.uuid4())})
    assert response.status_code == 201, response.content
    photo = InspectionPhoto.objects.get(inspection__recorded_by=world["inspector"])
    with photo.file.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
    assert inspector.get(f"/api/field/photos/{photo.pk}/").status_code == 200
    other = world["admin"].__class__.objects.create_user("inspector-b")
    from geo.models import UserArea

    UserArea.objects.create(user=other, unit=world["b"])
    other.groups.set([Group.objects.get(name="inspector")])
    client.force_login(other)
    assert client.get(f"/api/field/photos/{photo.pk}/").status_code == 404


def test_oversized_photo_is_refused_with_a_message(world, inspector):  # noqa: F811
    key = _visit(world, inspector)
    noise = Image.effect_noise((1200, 1200), 90).convert("RGB")
    out = io.BytesIO()
    noise.save(out, format="PNG")
    upload = io.BytesIO(out.getvalue())
    upload.name = "big.png"
    response = inspector.post(f"{VISITS}{key}/photos/", {"photo": upload, "photo_key": str(uuid.uuid4())})
    assert response.status_code == 413
    assert "big.png" in response.json()["detail"]
    assert "200 KB" in response.json()["detail"]
    assert not InspectionPhoto.objects.filter(inspection__recorded_by=world["inspector"]).exists()


def test_a_file_that_is_not_an_image_is_refused_with_a_message(world, inspector):  # noqa: F811
    key = _visit(world, inspector)
    upload = io.BytesIO(b"%PDF-1.4 not an image")
    upload.name = "report.jpg"
    response = inspector.post(f"{VISITS}{key}/photos/", {"photo": upload, "photo_key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert response.json()["parameter"] == "photo"
    assert "report.jpg" in response.json()["detail"]
    assert not InspectionPhoto.objects.filter(inspection__recorded_by=world["inspector"]).exists()


def test_a_correction_within_the_period_is_stored_and_audited(world, inspector):  # noqa: F811
    key = _visit(world, inspector)
    response = inspector.patch(f"{VISITS}{key}/", {"notes": "Bổ sung"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "corrected"
    assert AuditEvent.objects.filter(object_type="monitoring.inspection", action="update").exists()


def test_a_correction_after_the_allowed_period_is_refused(world, inspector):  # noqa: F811
    key = _visit(world, inspector)
    settings_row = SiteSettings.load()
    settings_row.field_correction_hours = 24
    settings_row.save()
    Inspection.objects.filter(idempotency_key=key).update(
        recorded_at=timezone.now() - datetime.timedelta(hours=25)
    )
    response = inspector.patch(f"{VISITS}{key}/", {"notes": "late"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "correction_period_over"
    assert "24" in response.json()["detail"]
    withdraw = inspector.post(f"{VISITS}{key}/withdraw/")
    assert withdraw.status_code == 403
    assert Inspection.objects.get(idempotency_key=key).notes == ""


def test_a_visit_after_a_server_change_is_kept_and_flagged_as_a_conflict(world, inspector):  # noqa: F811
    place = world["inside"][0]
    first = visit_body(place)
    inspector.post(VISITS, first, content_type="application/json")
    later = visit_body(place, package_taken_at=(timezone.now() - datetime.timedelta(days=1)).isoformat())
    response = inspector.post(VISITS, later, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["conflict"] is True
    assert AuditEvent.objects.filter(object_type="monitoring.inspection.conflict").count() == 1


def test_the_package_holds_the_chosen_communes_in_route_order(world, inspector):  # noqa: F811
    response = inspector.get("/api/field/package/", {"commune": "73101"})
    assert response.status_code == 200
    package = response.json()
    assert package["communes"] == ["73101"]
    ids = {f["id"] for f in package["establishments"]["features"]}
    assert ids == {e.pk for e in world["inside"]}
    assert sorted(package["route"]) == sorted(ids)
    assert [f["properties"]["code"] for f in package["boundaries"]["features"]] == ["73101"]
    outside = inspector.get("/api/field/package/", {"commune": "73201"})
    assert outside.status_code == 404
    exports = AuditEvent.objects.filter(object_type="field-package", action="export", user=world["inspector"])
    assert exports.count() == 1


def test_a_withdrawn_visit_is_no_longer_the_last_inspection(world, inspector):  # noqa: F811
    place = world["inside"][1]
    body = visit_body(place)
    inspector.post(VISITS, body, content_type="application/json")
    package = inspector.get("/api/field/package/", {"commune": "73101"}).json()
    shown = {f["id"]: f["properties"]["last_inspected"] for f in package["establishments"]["features"]}
    assert shown[place.pk] == body["date"]
    assert inspector.post(f"{VISITS}{body['key']}/withdraw/").json()["state"] == "withdrawn"
    package = inspector.get("/api/field/package/", {"commune": "73101"}).json()
    shown = {f["id"]: f["properties"]["last_inspected"] for f in package["establishments"]["features"]}
    assert shown[place.pk] is None


def test_an_audited_change_of_the_establishment_after_the_download_is_a_conflict(world, inspector):  # noqa: F811
    from monitoring.audit import audit_record

    place = world["inside"][2]
    audit_record(action="update", obj=place, before={"name": "old"}, after={"name": place.name})
    stale = visit_body(place, package_taken_at=(timezone.now() - datetime.timedelta(minutes=5)).isoformat())
    assert inspector.post(VISITS, stale, content_type="application/json").json()["conflict"] is True
    fresh = visit_body(world["inside"][3], package_taken_at=timezone.now().isoformat())
    assert inspector.post(VISITS, fresh, content_type="application/json").json()["conflict"] is False


def test_the_service_worker_is_served_for_the_field_scope(client):
    response = client.get("/field/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/field/"
    text = response.content.decode()
    assert '"/field/"' in text and "/static/vendor/leaflet/leaflet.js" in text
