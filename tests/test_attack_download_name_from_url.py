"""Attack: the URL chooses the download's name or format (issue 21, item 9). Every
download takes its format from a whitelist (anything else: 404 naming the formats) and
gets its ``Content-Disposition`` from Django's ``content_disposition_header``."""

import pathlib
import re

import pytest
from django.utils.http import content_disposition_header

from tests import export_data

pytestmark = pytest.mark.django_db

EVIL = "x\";filename*=UTF-8''evil.html;a=\""
ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture
def world():
    return export_data.small_province()


@pytest.mark.parametrize(
    "url",
    [
        f"/maps/planning/outreach.{EVIL}",
        "/maps/planning/outreach.html",
        f"/maps/establishments/export.{EVIL}",
        "/exports/establishments.html",
        "/maps/establishments/visits/?format=" + EVIL,
        "/maps/establishments/visits/?format=pdf",
        "/reports/province/?area=73&format=" + EVIL,
        "/reports/province/?area=73&format=odt",
    ],
)
def test_an_unknown_format_is_a_404_naming_the_formats(admin_client, world, url, english):
    response = admin_client.get(url)
    assert response.status_code == 404
    assert "Content-Disposition" not in response
    assert "There is no export format" in response.content.decode()


@pytest.fixture
def english(admin_client):
    admin_client.cookies["django_language"] = "en"


@pytest.mark.parametrize(
    ("url", "pattern"),
    [
        ("/maps/planning/outreach.csv", r"ke-hoach-tiep-can-[\d-]+\.csv"),
        ("/maps/planning/outreach.geojson", r"ke-hoach-tiep-can-[\d-]+\.geojson"),
        ("/exports/establishments.csv", r"establishments-\d{8}-\d{4}\.csv"),
        ("/exports/establishments.gpkg", r"establishments-\d{8}-\d{4}\.gpkg"),
        ("/maps/establishments/export.xlsx", r"establishments-\d{8}-\d{4}\.xlsx"),
        ("/maps/establishments/visits/?format=csv", r"lich-kiem-tra-\d{8}\.csv"),
    ],
)
def test_the_download_name_is_the_apps_own_through_djangos_helper(admin_client, world, url, pattern):
    response = admin_client.get(url)
    assert response.status_code == 200
    header = response["Content-Disposition"]
    name = re.fullmatch(r'attachment; filename="([^"]+)"', header).group(1)
    assert re.fullmatch(pattern, name)
    assert header == content_disposition_header(True, name)


def test_no_view_writes_content_disposition_itself():
    """The header is written in one place (``monitoring.exports.download.attachment``)."""
    writers = [
        str(path.relative_to(ROOT))
        for folder in ("frontend", "monitoring", "geo", "core", "config")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"""\[["']Content-Disposition["']\]\s*=""", path.read_text())
    ]
    assert writers == ["monitoring/exports/download.py"]
