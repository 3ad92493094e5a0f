"""A tiny world for the API tests: one province, districts A and B with one commune
each, establishments, counselling points and treatment facilities on both sides, and
users: an inspector of district A with every view permission, and an administrator."""

import math

import pytest
from django.contrib.auth.models import Group, Permission, User

from geo.models import Level, UserArea
from monitoring.models import CounsellingPoint, TreatmentFacility
from tests import factories

PASSWORD = "pw-for-api-tests"
VIEW_PERMISSIONS = [
    "geo.view_adminunit",
    "geo.view_borderline",
    "monitoring.view_establishment",
    "monitoring.view_inspection",
    "monitoring.view_counsellingpoint",
    "monitoring.view_treatmentfacility",
    "monitoring.view_sensitivesite",
    "monitoring.view_indicator",
    "monitoring.view_casecount",
    "monitoring.view_classification",
]


def grant(user: User, *names: str) -> User:
    for name in names:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return User.objects.get(pk=user.pk)  # fresh permission cache


def build_world() -> dict:
    p = factories.unit("73", "POLYGON((105 7, 105.04 7, 105.04 7.02, 105 7.02, 105 7))", level=Level.PROVINCE)
    a = factories.unit(
        "731", "POLYGON((105 7, 105.02 7, 105.02 7.02, 105 7.02, 105 7))", level=Level.DISTRICT, parent=p
    )
    b = factories.unit(
        "732",
        "POLYGON((105.02 7, 105.04 7, 105.04 7.02, 105.02 7.02, 105.02 7))",
        level=Level.DISTRICT,
        parent=p,
    )
    ca = factories.unit("73101", "POLYGON((105 7, 105.02 7, 105.02 7.02, 105 7.02, 105 7))", parent=a)
    cb = factories.unit(
        "73201", "POLYGON((105.02 7, 105.04 7, 105.04 7.02, 105.02 7.02, 105.02 7))", parent=b
    )
    inside = [
        factories.establishment(105.001 + 0.0015 * i, 7.001 + 0.0012 * i, name=f"Karaoke A{i:02}")
        for i in range(12)
    ]
    inside.append(factories.establishment(105.011, 7.011, name="Massage A", type="massage", prone=False))
    outside = [
        factories.establishment(105.021 + 0.0015 * i, 7.001 + 0.0012 * i, name=f"Karaoke B{i:02}")
        for i in range(5)
    ]
    points = {
        "a": CounsellingPoint.objects.create(
            name="Điểm tư vấn A",
            location="POINT(105.01 7.01)",
            status="active",
            opened_on="2024-01-01",
            staff=3,
        ),
        "b": CounsellingPoint.objects.create(
            name="Điểm tư vấn B",
            location="POINT(105.03 7.01)",
            status="active",
            opened_on="2024-01-01",
            staff=2,
        ),
    }
    facilities = {
        "a": TreatmentFacility.objects.create(
            name="Cơ sở cai nghiện A", kind="rehab_centre", location="POINT(105.005 7.015)"
        ),
        "b": TreatmentFacility.objects.create(
            name="Methadone B", kind="methadone", location="POINT(105.035 7.015)"
        ),
    }
    inspector = User.objects.create_user("inspector-a", password=PASSWORD)
    inspector.groups.add(Group.objects.get_or_create(name="inspector")[0])
    UserArea.objects.create(user=inspector, unit=a)
    inspector = grant(inspector, *VIEW_PERMISSIONS)
    admin = User.objects.create_superuser("admin-api", password=PASSWORD)
    return {
        "province": p,
        "a": a,
        "b": b,
        "commune_a": ca,
        "commune_b": cb,
        "inside": inside,
        "outside": outside,
        "points": points,
        "facilities": facilities,
        "inspector": inspector,
        "admin": admin,
    }


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def inspector_client(client, world):
    client.force_login(world["inspector"])
    return client


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """(x, y) of the web-mercator tile holding lon/lat at zoom ``z``."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y
