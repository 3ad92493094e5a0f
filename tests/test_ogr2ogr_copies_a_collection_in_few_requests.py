"""Acceptance: ``ogr2ogr -f GPKG out.gpkg OAPIF:…/ogc establishments`` with HTTP Basic
copies every establishment of the demo province (3,000) into the GeoPackage in at most
five items requests. GDAL ≥ 3.8 takes its page size from the OpenAPI document's
``limit`` maximum (10,000; it asks for 1,000); Debian's GDAL 3.6 asks for pages of 10
unless told ``-oo PAGE_SIZE=…`` (docs/api.md says so)."""

import os
import re
import sqlite3
import subprocess

import pytest

from tests.browser import app_with_user
from tests.gdal_library import gdal_version, ogr2ogr

pytestmark = pytest.mark.django_db
PASSWORD = "ogr2ogr-pw-4711"
USERNAME = "ogr2ogr-admin"


@pytest.fixture(scope="module")
def app(demo_province, django_db_blocker):
    yield from app_with_user(django_db_blocker, username=USERNAME, password=PASSWORD)


@pytest.fixture
def expected(app, django_db_blocker) -> set[int]:
    from django.contrib.auth.models import User

    from geo.areas import Area
    from monitoring.models import Establishment

    with django_db_blocker.unblock():
        area = Area.of(User.objects.get(username=USERNAME))
        ids = set(Establishment.objects.filter(area.q("commune")).values_list("id", flat=True))
    assert len(ids) > 500  # enough that a page of 100 would take more than five requests
    return ids


@pytest.fixture
def basic_auth(monkeypatch):
    monkeypatch.setenv("GDAL_HTTP_AUTH", "BASIC")
    monkeypatch.setenv("GDAL_HTTP_USERPWD", f"{USERNAME}:{PASSWORD}")
    monkeypatch.setenv("GDAL_HTTP_TIMEOUT", "300")


def items_requests(app) -> list[str]:
    with open(app.log.name, encoding="utf-8", errors="replace") as log:
        return re.findall(r'"GET (/ogc/collections/establishments/items\S*) HTTP', log.read())


def gpkg_ids(path) -> set[int]:
    with sqlite3.connect(path) as gpkg:
        return {row[0] for row in gpkg.execute("SELECT id FROM establishments")}


def test_ogr2ogr_copies_every_establishment_in_at_most_five_requests(app, expected, basic_auth, tmp_path):
    assert tuple(int(n) for n in gdal_version().split(".")[:2]) >= (3, 8)
    before = len(items_requests(app))
    out = tmp_path / "out.gpkg"
    ogr2ogr(str(out), f"OAPIF:{app.url}/ogc", "-f", "GPKG", "establishments")
    requests = items_requests(app)[before:]
    assert 1 <= len(requests) <= 5, requests
    assert gpkg_ids(out) == expected


def test_debian_ogr2ogr_with_a_page_size_copies_them_in_at_most_five_requests(
    app, expected, basic_auth, tmp_path
):
    before = len(items_requests(app))
    out = tmp_path / "out.gpkg"
    done = subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "GPKG",
            "-oo",
            "PAGE_SIZE=10000",
            str(out),
            f"OAPIF:{app.url}/ogc",
            "establishments",
        ],
        env=dict(os.environ, CPL_DEBUG="OFF"),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    requests = items_requests(app)[before:]
    assert 1 <= len(requests) <= 5, requests
    assert gpkg_ids(out) == expected
