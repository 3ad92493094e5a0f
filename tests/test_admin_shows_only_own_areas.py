"""A staff member who is not a superuser sees in the admin only the rows of their areas,
cannot open or change the others, cannot move a row out of their areas, and cannot
change their own areas or rights."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.gis.geos import Point

from geo.models import Level, UserArea
from monitoring.models import CaseCount, CounsellingPoint, Indicator, Inspection
from tests import factories

pytestmark = pytest.mark.django_db
MAY = datetime.date(2026, 5, 1)


def square(x0, y0, size=0.02):
    return f"POLYGON(({x0} {y0}, {x0 + size} {y0}, {x0 + size} {y0 + size}, {x0} {y0 + size}, {x0} {y0}))"


@pytest.fixture
def world():
    p = factories.unit("96", square(105, 8, 0.04), level=Level.PROVINCE, kind="")
    a = factories.unit("961", square(105, 8), level=Level.DISTRICT, kind="", parent=p)
    b = factories.unit("962", square(105.02, 8), level=Level.DISTRICT, kind="", parent=p)
    ca = factories.unit("96101", square(105, 8), parent=a, name="Xã Trong")
    cb = factories.unit("96201", square(105.02, 8), parent=b, name="Xã Ngoài")
    users = Indicator.objects.get(code="illegal_users")
    counts = {
        c.code: CaseCount.objects.create(unit=c, period=MAY, indicator=users, value=7) for c in (ca, cb)
    }
    places = {
        code: factories.establishment(x, 8.01, name=f"Karaoke {code}")
        for code, x in (("96101", 105.01), ("96201", 105.03))
    }
    visits = {
        code: Inspection.objects.create(establishment=e, date=MAY, team="T", result="compliant")
        for code, e in places.items()
    }
    points = {
        code: CounsellingPoint.objects.create(
            name=f"Điểm {code}", location=Point(x, 8.012, srid=4326), status="planned", staff=1
        )
        for code, x in (("96101", 105.012), ("96201", 105.032))
    }
    return {
        "a": a,
        "b": b,
        "ca": ca,
        "cb": cb,
        "counts": counts,
        "places": places,
        "visits": visits,
        "points": points,
    }


@pytest.fixture
def staff(client, world):
    user = User.objects.create_user("district-staff", password="pw-for-tests", is_staff=True)
    models = ["adminunit", "casecount", "establishment", "inspection", "counsellingpoint", "userarea"]
    user.user_permissions.set(
        Permission.objects.filter(content_type__model__in=models).exclude(codename__startswith="delete_")
    )
    UserArea.objects.create(user=user, unit=world["a"])
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("path", "inside", "outside"),
    [
        ("geo/adminunit", "Xã Trong", "Xã Ngoài"),
        ("monitoring/casecount", "96101", "96201"),
        ("monitoring/establishment", "Karaoke 96101", "Karaoke 96201"),
        ("monitoring/inspection", "Karaoke 96101", "Karaoke 96201"),
        ("monitoring/counsellingpoint", "Điểm 96101", "Điểm 96201"),
    ],
)
def test_lists_hold_only_rows_of_own_areas(staff, path, inside, outside):
    page = staff.get(f"/admin/{path}/").content.decode()
    assert inside in page
    assert outside not in page


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("geo/adminunit", "cb"),
        ("monitoring/casecount", "counts"),
        ("monitoring/establishment", "places"),
        ("monitoring/inspection", "visits"),
        ("monitoring/counsellingpoint", "points"),
    ],
)
def test_a_row_outside_cannot_be_opened(staff, world, path, key):
    obj = world[key] if key == "cb" else world[key]["96201"]
    response = staff.get(f"/admin/{path}/{obj.pk}/change/")
    assert response.status_code == 302  # Django's "does not exist" redirect to the admin index
    inside = world["ca"] if key == "cb" else world[key]["96101"]
    assert staff.get(f"/admin/{path}/{inside.pk}/change/").status_code == 200


def test_a_place_cannot_be_moved_out_of_own_areas(staff, world):
    point = world["points"]["96101"]
    form = {"name": point.name, "status": "planned", "staff": "1"}
    response = staff.post(
        f"/admin/monitoring/counsellingpoint/{point.pk}/change/",
        form | {"location": "SRID=4326;POINT (105.032 8.012)"},
    )
    assert response.status_code == 200
    assert "outside your areas" in response.content.decode() or "ngoài địa bàn" in response.content.decode()
    point.refresh_from_db()
    assert point.commune == world["ca"]
    moved = staff.post(
        f"/admin/monitoring/counsellingpoint/{point.pk}/change/",
        form | {"location": "SRID=4326;POINT (105.015 8.015)"},
    )
    assert moved.status_code == 302  # a move inside the area is fine


def test_a_case_count_cannot_be_put_on_a_commune_outside(staff, world):
    count = world["counts"]["96101"]
    response = staff.post(
        f"/admin/monitoring/casecount/{count.pk}/change/",
        {"unit": world["cb"].pk, "period": "2026-05-01", "indicator": count.indicator_id, "value": 7},
    )
    assert response.status_code == 200
    count.refresh_from_db()
    assert count.unit == world["ca"]


def test_own_areas_cannot_be_changed(staff, world):
    own = UserArea.objects.get(user__username="district-staff")
    assert staff.get(f"/admin/geo/userarea/{own.pk}/change/").status_code == 200  # view only
    response = staff.post(
        f"/admin/geo/userarea/{own.pk}/change/", {"user": own.user_id, "unit": world["b"].pk}
    )
    assert response.status_code == 403
    added = staff.post("/admin/geo/userarea/add/", {"user": own.user_id, "unit": world["ca"].pk})
    assert added.status_code == 200  # the form refuses it
    assert UserArea.objects.filter(user=own.user).count() == 1


def test_a_staff_member_cannot_make_themselves_superuser(client, world):
    user = User.objects.create_user("escalate", password="pw-for-tests", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__model="user"))
    client.force_login(user)
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "escalate",
            "is_superuser": "on",
            "is_staff": "on",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302  # saved, without the superuser flag
    assert not User.objects.get(pk=user.pk).is_superuser
