"""Every OGC page renders as HTML (``f=html`` or a browser's ``Accept``) and as JSON
(``f=json``, ``Accept: application/json`` or GeoJSON, or nothing): tables of the
registry's labels, paging links, a map from the app's own Leaflet, Vietnamese first and
English through the language switch; an unknown ``f`` is an OGC 400."""

import pytest

from monitoring.layers import LAYERS
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def pages(world) -> list[str]:
    place = world["inside"][0].pk
    return [
        "/ogc/",
        "/ogc/conformance",
        "/ogc/collections",
        "/ogc/collections/establishments",
        "/ogc/collections/establishments/items",
        f"/ogc/collections/establishments/items/{place}",
        "/ogc/collections/communes/items",
        "/ogc/collections/communes/items/73101",
    ]


@pytest.fixture
def admin(client, world):
    client.force_login(world["admin"])
    return client


@pytest.mark.parametrize("index", range(8))
@pytest.mark.parametrize(
    ("query", "accept"), [("?f=html", None), ("", BROWSER), ("?f=html", "application/json")]
)
def test_every_page_renders_as_html(admin, world, index, query, accept):
    path = pages(world)[index]
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = admin.get(path + query, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html
    assert 'name="viewport"' in html
    assert "f=json" in html  # the same data as JSON
    assert "https://" not in html.split("<main>")[0].replace("http://testserver", "")  # no CDN


@pytest.mark.parametrize("index", range(8))
@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("", None),
        ("?f=json", None),
        ("", "application/json"),
        ("", "application/geo+json, application/json"),
        ("?f=json", BROWSER),
        ("", "*/*"),
    ],
)
def test_every_page_renders_as_json(admin, world, index, query, accept):
    path = pages(world)[index]
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = admin.get(path + query, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] in ("application/json", "application/geo+json")
    assert response.json()


def test_the_items_page_has_a_table_of_labels_paging_links_and_a_local_map(admin, world):
    html = admin.get("/ogc/collections/establishments/items?f=html&limit=5").content.decode()
    for field in LAYERS["establishments"].fields("ogc"):
        assert f'<th title="{field.name}">{field.label_vi}</th>' in html
    assert 'rel="next"' in html and 'rel="prev"' not in html
    assert "/static/vendor/leaflet/leaflet.js" in html and 'id="map"' in html
    assert html.count("<tr><td><a href=") == 5
    second = admin.get("/ogc/collections/establishments/items?f=html&limit=5&offset=5").content.decode()
    assert 'rel="prev"' in second


def test_the_item_page_shows_every_property_with_its_label(admin, world):
    place = world["inside"][0]
    html = admin.get(
        f"/ogc/collections/establishments/items/{place.pk}", HTTP_ACCEPT=BROWSER
    ).content.decode()
    assert place.name in html
    for field in LAYERS["establishments"].fields("ogc"):
        assert f'<th title="{field.name}">{field.label_vi}</th>' in html


def test_english_through_the_language_switch(admin, world, settings):
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = admin.get("/ogc/collections/establishments/items?f=html").content.decode()
    assert '<html lang="en">' in html
    assert '<th title="last_inspected">Last inspected</th>' in html
    assert 'action="/i18n/setlang/"' in html


def test_an_unknown_format_is_an_ogc_400(admin, world, settings):
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin.get("/ogc/collections?f=xml")
    assert response.status_code == 400
    assert response.json() == {"code": "InvalidParameterValue", "description": "f = “xml”: use json or html."}


def test_an_error_asked_for_in_html_is_still_ogc_json(admin, world):
    response = admin.get("/ogc/collections/nothing?f=html", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"


@pytest.mark.parametrize(
    "path",
    ["/ogc/api", "/ogc/collections/establishments/queryables", "/ogc/collections/establishments/schema"],
)
def test_documents_without_a_page_answer_json_and_check_f(admin, world, path):
    assert admin.get(path, HTTP_ACCEPT=BROWSER).json()
    assert admin.get(path + "?f=xml").status_code == 400
