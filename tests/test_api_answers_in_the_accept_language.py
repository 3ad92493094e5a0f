"""The machine channels honour ``Accept-Language`` (a script or GIS client has no
language switcher): English when asked, Vietnamese by default or for a language the site
does not have; pages keep ignoring the header (Vietnamese first on a shared office PC)."""

import pytest
from django.test import Client

from frontend.middleware import accept_language
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world
URL = "/api/establishments/?bbox=3,2,1,0"
ENGLISH = "bbox = “3,2,1,0”: the minimum must be below the maximum."
VIETNAMESE = "bbox = “3,2,1,0”: giá trị nhỏ nhất phải nhỏ hơn giá trị lớn nhất."


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("fr, vi;q=0.5, en;q=0.8", "en"),
        ("vi-VN", "vi"),
        ("fr", None),
        ("*", None),
        ("", None),
    ],
)
def test_accept_language_is_read_by_preference(header, language):
    assert accept_language(header) == language


def test_an_error_comes_in_english_when_asked(client, world):
    client.force_login(world["admin"])
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"] == ENGLISH
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("header", [None, "fr", "*"])
def test_an_error_comes_in_vietnamese_by_default(client, world, header):
    client.force_login(world["admin"])
    extra = {} if header is None else {"HTTP_ACCEPT_LANGUAGE": header}
    assert client.get(URL, **extra).json()["detail"] == VIETNAMESE


def test_the_header_wins_over_the_cookie_on_the_api(client, world):
    client.force_login(world["admin"])
    client.cookies["django_language"] = "en"
    assert client.get(URL, HTTP_ACCEPT_LANGUAGE="vi").json()["detail"] == VIETNAMESE
    assert client.get(URL).json()["detail"] == ENGLISH


def test_drf_and_ogc_errors_follow_the_header_too():  # DRF has no Vietnamese for this one
    english = Client().get("/api/communes/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert english == "Authentication credentials were not provided."
    ogc = Client().get("/ogc/collections", HTTP_ACCEPT_LANGUAGE="en").json()
    assert ogc == {"code": "NotAuthenticated", "description": english}


def test_pages_keep_ignoring_the_header(client, world):
    client.force_login(world["admin"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert '<html lang="vi"' in page.content.decode()
