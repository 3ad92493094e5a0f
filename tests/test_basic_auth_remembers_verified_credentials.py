"""HTTP Basic hashes the password once, then remembers the verified credentials under a
keyed hash: a second request checks no password, a changed password or a deactivated
account is refused at once, wrong passwords are still counted by the lock-out and a
locked-out account is refused even with remembered credentials."""

import base64
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from monitoring.api.authentication import credentials_key
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world
URL = "/ogc/collections/communes/items"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def basic(username: str, password: str) -> dict:
    text = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {text}"}


def password_checks():
    return mock.patch.object(User, "check_password", autospec=True, side_effect=User.check_password)


def test_the_second_request_checks_no_password(world):
    with password_checks() as check:
        for _ in range(3):
            assert Client().get(URL, **basic("inspector-a", api_world.PASSWORD)).status_code == 200
    assert check.call_count == 1


def test_the_cache_holds_a_keyed_hash_not_the_password(world):
    Client().get(URL, **basic("inspector-a", api_world.PASSWORD))
    key = credentials_key("inspector-a", api_world.PASSWORD)
    assert api_world.PASSWORD not in key and len(key) == len("basic-auth:") + 64
    user_id, fingerprint = cache.get(key)
    assert user_id == world["inspector"].pk
    assert world["inspector"].password not in fingerprint


def test_a_changed_password_refuses_the_remembered_one(world):
    assert Client().get(URL, **basic("inspector-a", api_world.PASSWORD)).status_code == 200
    inspector = User.objects.get(pk=world["inspector"].pk)
    inspector.set_password("a-new-pw-for-tests")
    inspector.save()
    assert Client().get(URL, **basic("inspector-a", api_world.PASSWORD)).status_code == 401
    assert Client().get(URL, **basic("inspector-a", "a-new-pw-for-tests")).status_code == 200


def test_a_deactivated_account_is_refused_at_once(world):
    assert Client().get(URL, **basic("inspector-a", api_world.PASSWORD)).status_code == 200
    User.objects.filter(pk=world["inspector"].pk).update(is_active=False)
    assert Client().get(URL, **basic("inspector-a", api_world.PASSWORD)).status_code == 401


def test_wrong_passwords_are_counted_and_lock_out_remembered_credentials(world):
    assert Client().get(URL, **basic("inspector-a", api_world.PASSWORD)).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert Client().get(URL, **basic("inspector-a", "wrong")).status_code in (401, 403, 429)
    assert (
        AccessAttempt.objects.get(username="inspector-a").failures_since_start == settings.AXES_FAILURE_LIMIT
    )
    assert Client().get(URL, **basic("inspector-a", api_world.PASSWORD)).status_code != 200
    # From another address the account is not locked, as for the login page.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.get(URL, **basic("inspector-a", api_world.PASSWORD)).status_code == 200


def test_tiles_take_basic_too(world):
    x, y = api_world.tile_of(105.01, 7.01, 10)
    response = Client().get(f"/tiles/communes/10/{x}/{y}.pbf", **basic("inspector-a", api_world.PASSWORD))
    assert response.status_code == 200
