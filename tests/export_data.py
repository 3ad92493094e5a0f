"""A small province for the export tests: two districts, three communes (one drawn with a
clockwise ring, as RFC 7946 must not be), places of every kind in each district, and
monthly counts for a sensitive and a non-sensitive indicator."""

import datetime

from django.contrib.auth.models import Permission, User
from django.contrib.gis.geos import Point

from geo.models import Level, UserArea
from monitoring.models import CaseCount, CounsellingPoint, Indicator, SensitiveSite, TreatmentFacility
from tests import factories

MAY = datetime.date(2026, 5, 1)
JUNE = datetime.date(2026, 6, 1)

# Sensitive counts (illegal_users) per commune: in May the 73101 cell (3) is the only
# small one of district 731, so 73102 (9) is hidden too; 73201 is alone in 732.
COUNTS = {
    ("73101", MAY): 3,
    ("73102", MAY): 9,
    ("73201", MAY): 0,
    ("73101", JUNE): 12,
    ("73102", JUNE): 20,
    ("73201", JUNE): 2,
}


def small_province() -> dict:
    p = factories.unit(
        "73", "POLYGON((105 7, 105.04 7, 105.04 7.02, 105 7.02, 105 7))", level=Level.PROVINCE, kind=""
    )
    a = factories.unit(
        "731",
        "POLYGON((105 7, 105.02 7, 105.02 7.02, 105 7.02, 105 7))",
        level=Level.DISTRICT,
        kind="",
        parent=p,
    )
    b = factories.unit(
        "732",
        "POLYGON((105.02 7, 105.04 7, 105.04 7.02, 105.02 7.02, 105.02 7))",
        level=Level.DISTRICT,
        kind="",
        parent=p,
    )
    # Clockwise exterior ring on purpose.
    c1 = factories.unit("73101", "POLYGON((105 7, 105 7.02, 105.01 7.02, 105.01 7, 105 7))", parent=a)
    c2 = factories.unit(
        "73102", "POLYGON((105.01 7, 105.02 7, 105.02 7.02, 105.01 7.02, 105.01 7))", parent=a
    )
    c3 = factories.unit(
        "73201", "POLYGON((105.02 7, 105.04 7, 105.04 7.02, 105.02 7.02, 105.02 7))", parent=b
    )
    places = {
        "in_a": factories.establishment(105.005, 7.01, name="Karaoke Trong A"),
        "in_a2": factories.establishment(105.015, 7.01, name="Bar Trong A", type="bar"),
        "in_b": factories.establishment(105.03, 7.01, name="Karaoke Ngoai B"),
    }
    for x, name in ((105.005, "Điểm tư vấn A"), (105.03, "Điểm tư vấn B")):
        CounsellingPoint.objects.create(
            name=name, location=Point(x, 7.005, srid=4326), opened_on=datetime.date(2024, 3, 1), staff=2
        )
    for x, name in ((105.006, "Cơ sở cai nghiện A"), (105.031, "Phòng khám Methadone B")):
        TreatmentFacility.objects.create(
            name=name, kind="methadone", location=Point(x, 7.006, srid=4326), capacity=50
        )
    for x, name in ((105.007, "Trường A"), (105.032, "Trường B")):
        SensitiveSite.objects.create(name=name, kind="school", location=Point(x, 7.007, srid=4326))
    users = Indicator.objects.get(code="illegal_users")
    hotspots = Indicator.objects.get(code="hotspots")
    units = {u.code: u for u in (c1, c2, c3)}
    for (code, month), value in COUNTS.items():
        CaseCount.objects.create(unit=units[code], period=month, indicator=users, value=value)
        CaseCount.objects.create(unit=units[code], period=month, indicator=hotspots, value=1)
    return {"province": p, "a": a, "b": b, "communes": units, **places}


def account(username: str, *perms: str, area=None) -> User:
    """A user with exactly ``perms`` (``app.codename``) and, if given, one area."""
    user = User.objects.create_user(username, password="pw-for-tests")
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    if area is not None:
        UserArea.objects.create(user=user, unit=area)
    return User.objects.get(pk=user.pk)  # fresh permission cache


ALL_VIEW_PERMISSIONS = (
    "geo.view_adminunit",
    "geo.view_borderline",
    "monitoring.view_establishment",
    "monitoring.view_counsellingpoint",
    "monitoring.view_treatmentfacility",
    "monitoring.view_sensitivesite",
    "monitoring.view_casecount",
)
