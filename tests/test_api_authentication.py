"""Who may call the APIs: anonymous requests get a 401 with WWW-Authenticate (REST, OGC,
tiles); a token (from /api/token/ or the api_token command) and HTTP Basic log in;
reading needs the model's view permission."""

import base64
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world


@pytest.mark.parametrize(
    "url",
    [
        "/api/establishments/",
        "/api/communes/",
        "/api/schema/",
        "/ogc/",
        "/ogc/collections/communes/items",
        "/tiles/communes/6/50/30.pbf",
    ],
)
def test_anonymous_gets_401_with_a_challenge(url):
    response = Client().get(url)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    if url == "/api/schema/":  # rendered as the schema is, in YAML
        assert b"detail" in response.content and b"code: not_authenticated" in response.content
        return
    body = json.loads(response.content)
    if url.startswith("/api/"):
        assert body["code"] == "not_authenticated" and body["detail"]
    else:  # OGC API – Features Part 1 exception body (tiles answer like the OGC API)
        assert body["code"] == "NotAuthenticated" and body["description"]


def test_token_from_the_token_endpoint_reads_the_api(world):
    response = Client().post("/api/token/", {"username": "inspector-a", "password": api_world.PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    body = Client().get("/api/establishments/", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert body["count"] == len(world["inside"])
    body = Client().get("/ogc/collections/establishments/items", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert body["numberMatched"] == len(world["inside"])


def test_wrong_password_gets_no_token(world):
    response = Client().post("/api/token/", {"username": "inspector-a", "password": "wrong"})
    assert response.status_code == 400


def test_api_token_command_prints_a_working_token(world, capsys):
    call_command("api_token", "inspector-a")
    token = capsys.readouterr().out.strip()
    assert Client().get("/api/communes/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_http_basic_logs_in_to_the_ogc_api(world):
    credentials = base64.b64encode(f"inspector-a:{api_world.PASSWORD}".encode()).decode()
    response = Client().get("/ogc/collections/communes/items", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"


def test_without_view_permission_the_resource_is_forbidden(client, world):
    user = User.objects.create_user("no-perms", password=api_world.PASSWORD)
    client.force_login(user)
    assert client.get("/api/establishments/").status_code == 403
    assert client.get("/ogc/collections/establishments/items").status_code == 403
    assert client.get("/tiles/establishments/6/50/30.pbf").status_code == 403
    assert client.get("/ogc/collections").json()["collections"] == []
