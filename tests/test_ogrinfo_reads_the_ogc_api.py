"""Acceptance: GDAL's OGC API – Features driver (Debian's ogrinfo) reads ``/ogc/`` of the
running app: every collection is listed and ``ogrinfo -so`` gives each one's true
feature count, for an administrator and for an inspector limited to one district."""

import os
import re
import subprocess

import pytest

from tests.browser import app_with_user

pytestmark = pytest.mark.django_db
PASSWORD = "ogr-pw-4711"
COLLECTIONS = [
    "communes",
    "districts",
    "establishments",
    "counselling-points",
    "treatment-facilities",
    "border",
]


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    yield from app_with_user(django_db_blocker, username="ogr-admin", password=PASSWORD)


@pytest.fixture(scope="module")
def users(app, django_db_blocker):
    from django.contrib.auth.models import User

    from geo.models import AdminUnit, Level, UserArea
    from tests.api_world import VIEW_PERMISSIONS, grant

    with django_db_blocker.unblock():
        User.objects.filter(username="ogr-admin").update(is_superuser=True)
        inspector, _ = User.objects.get_or_create(username="ogr-inspector")
        inspector.set_password(PASSWORD)
        inspector.save()
        district = AdminUnit.current.filter(level=Level.DISTRICT).order_by("code")[1]
        UserArea.objects.get_or_create(user=inspector, unit=district)
        grant(inspector, *VIEW_PERMISSIONS)
    yield {"admin": "ogr-admin", "inspector": "ogr-inspector"}
    with django_db_blocker.unblock():
        User.objects.filter(username="ogr-inspector").delete()


def ogrinfo(app, username: str, *args: str) -> str:
    env = dict(
        os.environ,
        GDAL_HTTP_AUTH="BASIC",
        GDAL_HTTP_USERPWD=f"{username}:{PASSWORD}",
        GDAL_HTTP_TIMEOUT="120",
        CPL_DEBUG="OFF",
    )
    done = subprocess.run(
        ["ogrinfo", "-ro", *args[:1], f"OAPIF:{app.url}/ogc/", *args[1:]],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def database_counts(username: str) -> dict[str, int]:
    from django.contrib.auth.models import User

    from geo.areas import Area
    from monitoring.ogc.collections import COLLECTIONS as DEFINED

    area = Area.of(User.objects.get(username=username))
    return {
        name: DEFINED[name].rows(area if DEFINED[name].scoped else Area.everything()).count()
        for name in COLLECTIONS
    }


def test_every_collection_is_listed(app, users):
    listing = ogrinfo(app, users["admin"])
    listed = re.findall(r"^\d+: (\S+)", listing, flags=re.MULTILINE)
    assert listed == COLLECTIONS


@pytest.mark.parametrize("role", ["admin", "inspector"])
def test_feature_counts_are_the_true_counts(app, users, role, django_db_blocker):
    with django_db_blocker.unblock():
        expected = database_counts(users[role])
    if role == "inspector":
        assert 0 < expected["establishments"] < database_counts(users["admin"])["establishments"]
    for name in COLLECTIONS:
        summary = ogrinfo(app, users[role], "-so", name)
        count = int(re.search(r"^Feature Count: (\d+)", summary, flags=re.MULTILINE).group(1))
        assert count == expected[name], (name, summary)
