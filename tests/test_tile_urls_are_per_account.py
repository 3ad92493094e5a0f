"""Tile URLs are the account's own: QGIS and proxies cache tiles by URL alone, so two
accounts never share a tile URL, a URL with another account's key or a key from before
the account's areas changed is refused, and the TileJSON document gives the current URL."""

import mapbox_vector_tile
import pytest
from django.contrib.auth.models import User

from geo.models import UserArea
from tests import api_world

pytestmark = pytest.mark.django_db
world, tile_of = api_world.world, api_world.tile_of


STALE = (
    "This tile address is not valid for your account: it belongs to another account, or your "
    "areas, permissions or password have changed since it was given. Read the current address "
    "from /tiles/establishments.json."
)


def tile_url(client, layer: str, z: int, x: int, y: int) -> str:
    document = client.get(f"/tiles/{layer}.json").json()
    return document["tiles"][0].format(z=z, x=x, y=y).removeprefix("http://testserver")


def second_inspector(world) -> User:
    user = User.objects.create_user("inspector-a2", password=api_world.PASSWORD)
    UserArea.objects.create(user=user, unit=world["a"])
    return api_world.grant(user, *api_world.VIEW_PERMISSIONS)


def test_tilejson_gives_the_keyed_url_zooms_bounds_and_fields(client, world):
    client.force_login(world["inspector"])
    response = client.get("/tiles/establishments.json")
    assert response["Cache-Control"] == "private, no-store"
    document = response.json()
    assert document["tilejson"] == "3.0.0"
    (template,) = document["tiles"]
    assert template.startswith("http://testserver/tiles/establishments/")
    assert template.endswith("/{z}/{x}/{y}.pbf")
    assert (document["minzoom"], document["maxzoom"]) == (10, 22)
    assert document["bounds"] == [105.0, 7.0, 105.02, 7.02]  # district A only
    (vector_layer,) = document["vector_layers"]
    assert vector_layer["id"] == "establishments"
    assert list(vector_layer["fields"]) == [
        "id",
        "name",
        "type",
        "commune_code",
        "prone",
        "status",
        "last_inspected",
    ]


def test_two_accounts_get_different_tile_urls_for_the_same_tile(client, world):
    x, y = tile_of(105.01, 7.01, 12)
    client.force_login(world["inspector"])
    first = tile_url(client, "establishments", 12, x, y)
    client.force_login(second_inspector(world))  # the same area and permissions
    second = tile_url(client, "establishments", 12, x, y)
    client.force_login(world["admin"])
    third = tile_url(client, "establishments", 12, x, y)
    assert len({first, second, third}) == 3
    assert all(url.endswith(f"/12/{x}/{y}.pbf") for url in (first, second, third))


def test_the_keyed_tile_holds_the_accounts_rows_and_may_be_cached(client, world):
    client.force_login(world["inspector"])
    x, y = tile_of(105.02, 7.005, 10)
    response = client.get(tile_url(client, "establishments", 10, x, y))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"
    names = {
        f["properties"]["name"]
        for f in mapbox_vector_tile.decode(response.content)["establishments"]["features"]
    }
    assert names and all(name.startswith(("Karaoke A", "Massage A")) for name in names)


def test_a_tile_url_with_another_accounts_key_is_refused(client, world):
    x, y = tile_of(105.02, 7.005, 10)
    client.force_login(world["admin"])
    admins = tile_url(client, "establishments", 10, x, y)
    assert client.get(admins).status_code == 200
    client.force_login(world["inspector"])
    response = client.get(admins, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json() == {"code": "Forbidden", "description": STALE}
    assert b"Karaoke" not in response.content


def test_an_old_key_after_the_accounts_areas_change_is_refused(client, world):
    x, y = tile_of(105.02, 7.005, 10)
    client.force_login(world["inspector"])
    before = tile_url(client, "establishments", 10, x, y)
    assert client.get(before).status_code == 200
    UserArea.objects.create(user=world["inspector"], unit=world["b"])
    client.force_login(User.objects.get(pk=world["inspector"].pk))
    assert client.get(before).status_code == 403
    after = tile_url(client, "establishments", 10, x, y)
    assert after != before and client.get(after).status_code == 200


def test_an_old_key_after_a_password_or_permission_change_is_refused(client, world):
    x, y = tile_of(105.02, 7.005, 10)
    inspector = world["inspector"]
    client.force_login(inspector)
    before = tile_url(client, "communes", 10, x, y)
    client.force_login(api_world.grant(inspector, "monitoring.view_exact_counts"))
    assert client.get(before).status_code == 403
    middle = tile_url(client, "communes", 10, x, y)
    inspector = User.objects.get(pk=inspector.pk)
    inspector.set_password("another-pw-for-tests")
    inspector.save()
    client.force_login(inspector)
    assert client.get(middle).status_code == 403


def test_the_url_without_a_key_is_never_stored_by_a_cache(client, world):
    client.force_login(world["inspector"])
    x, y = tile_of(105.02, 7.005, 10)
    response = client.get(f"/tiles/establishments/10/{x}/{y}.pbf")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_tilejson_of_a_layer_without_permission_or_unknown_is_refused(client, world):
    client.force_login(User.objects.create_user("no-perms", password=api_world.PASSWORD))
    assert client.get("/tiles/establishments.json").status_code == 403
    assert client.get("/tiles/nothing.json").status_code == 404
