"""Issue 21, item 11: an API token lived for ever and outlived the password it was made
with. A token is now refused after ``API_TOKEN_LIFETIME_DAYS``, ``/api/token/`` then gives
a new one, and a password change deletes the user's tokens (as it already ends the
remembered HTTP Basic credentials)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world


def _token(user) -> str:
    response = Client().post("/api/token/", {"username": user.username, "password": api_world.PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _get(path: str, key: str) -> int:
    return Client().get(path, HTTP_AUTHORIZATION=f"Token {key}").status_code


@pytest.mark.parametrize("path", ["/api/establishments/", "/ogc/collections/establishments/items"])
def test_a_password_change_ends_the_token(world, path):
    user = world["admin"]
    key = _token(user)
    assert _get(path, key) == 200
    user.set_password("a-new-password-for-the-test")
    user.save()
    assert _get(path, key) == 401
    assert not Token.objects.filter(key=key).exists()


def test_saving_the_user_without_a_new_password_keeps_the_token(world):
    user = world["admin"]
    key = _token(user)
    user.first_name = "Lan"
    user.save()
    assert _get("/api/establishments/", key) == 200


@pytest.mark.parametrize("path", ["/api/establishments/", "/ogc/collections/establishments/items"])
def test_a_token_past_its_lifetime_is_refused_and_a_new_one_is_given(world, settings, path):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    key = _token(world["admin"])
    Token.objects.filter(key=key).update(created=timezone.now() - datetime.timedelta(days=31))
    response = Client().get(path, HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "expired" in response.content.decode()
    fresh = _token(world["admin"])
    assert fresh != key
    assert _get(path, fresh) == 200


def test_a_token_within_its_lifetime_is_kept(world, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    key = _token(world["admin"])
    Token.objects.filter(key=key).update(created=timezone.now() - datetime.timedelta(days=29))
    assert _get("/api/establishments/", key) == 200
    assert _token(world["admin"]) == key
