"""Every answer under ``/ogc`` that is an error is the OGC exception body
``{"code", "description"}`` in JSON, also with DEBUG on: unknown paths, wrong methods,
bad parameters and server errors; ``/ogc`` and ``/ogc/`` both serve the landing page."""

import pytest

from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages asserted in English (the site's language switch)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def ogc_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "description"}
    assert body["code"] == code
    return body


@pytest.mark.parametrize("path", ["/ogc", "/ogc/"])
def test_the_landing_page_is_served_with_and_without_the_slash(client, world, path):
    client.force_login(world["admin"])
    response = client.get(path)
    assert response.status_code == 200
    assert response.json()["links"][0]["rel"] == "self"


@pytest.mark.parametrize(
    "path", ["/ogc/collections/", "/ogc/conformance/", "/ogc/collections/establishments/"]
)
def test_a_trailing_slash_answers_without_a_redirect(client, world, path):
    client.force_login(world["admin"])
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize(
    "path", ["/ogc/nothing", "/ogc/collections/establishments/items/1/more", "/ogc/collections/x/y"]
)
def test_an_unknown_path_is_an_ogc_404(client, world, settings, debug, path):
    settings.DEBUG = debug
    client.force_login(world["admin"])
    body = ogc_error(client.get(path), 404, "NotFound")
    assert body["description"] == f"There is nothing at {path}; start at /ogc/ (the landing page)."


def test_an_unknown_collection_is_an_ogc_404(client, world, settings):
    settings.DEBUG = True
    client.force_login(world["admin"])
    body = ogc_error(client.get("/ogc/collections/nothing/items"), 404, "NotFound")
    assert body["description"] == "No collection is called “nothing”."


def test_a_wrong_method_is_an_ogc_405(client, world, settings):
    settings.DEBUG = True
    client.force_login(world["admin"])
    response = client.post("/ogc/collections/establishments/items", {})
    ogc_error(response, 405, "MethodNotAllowed")
    assert "GET" in response["Allow"]


def test_an_anonymous_request_is_an_ogc_401_asking_for_basic(client, world):
    response = client.get("/ogc/collections")
    ogc_error(response, 401, "NotAuthenticated")
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_server_error_is_an_ogc_500_also_in_debug(client, world, settings, monkeypatch, caplog):
    settings.DEBUG = True

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("monitoring.ogc.views.openapi_document", broken)
    client.force_login(world["admin"])
    body = ogc_error(client.get("/ogc/api"), 500, "NoApplicableCode")
    assert body["description"] == (
        "The server failed to answer this request; the error is logged. Try again later."
    )
    assert "a bug" not in body["description"]
    assert any(record.exc_info and "a bug" in str(record.exc_info[1]) for record in caplog.records)
