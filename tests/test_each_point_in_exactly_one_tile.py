"""A point is in exactly one vector tile: tile boxes are half-open, so an establishment on
a tile edge, on a corner or a hair west or north of one (a point 0.23 m west of an edge
was in both ``12/3276/1871`` and ``12/3277/1871``) is in one tile of each zoom, and
every establishment of the demo province is in one zoom-12 tile."""

import math

import mapbox_vector_tile
import pytest
from django.contrib.auth.models import User

from monitoring.models import Establishment
from tests import api_world, factories

pytestmark = pytest.mark.django_db
world = api_world.world
Z = 12
METRE = 1 / 111_320  # a degree of longitude is about this many metres at the equator


def edge_lon(x: int, z: int = Z) -> float:
    return x / 2**z * 360 - 180


def edge_lat(y: int, z: int = Z) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / 2**z))))


def tile_ids(client, z: int, x: int, y: int) -> list[int]:
    layers = mapbox_vector_tile.decode(client.get(f"/tiles/establishments/{z}/{x}/{y}.pbf").content)
    return [f["properties"]["id"] for f in layers.get("establishments", {}).get("features", [])]


def ids_by_tile(client, tiles) -> dict[tuple[int, int], list[int]]:
    return {(x, y): tile_ids(client, Z, x, y) for x, y in tiles}


def assert_each_once(seen: dict, expected: set[int]) -> None:
    every = [i for ids in seen.values() for i in ids]
    twice = {i for i in every if every.count(i) > 1}
    assert not twice, {i: [t for t, ids in seen.items() if i in ids] for i in twice}
    assert set(every) == expected


def test_points_on_and_near_tile_edges_are_in_one_tile_each(client, world):
    client.force_login(world["admin"])
    x, y = api_world.tile_of(105.03, 7.01, Z)  # an x edge runs through district B
    lon, lat = edge_lon(x), edge_lat(y)
    offsets = (0, 1e-9, -1e-9, 0.23 * METRE, -0.23 * METRE, 0.5 * METRE, -0.5 * METRE)
    placed = [factories.establishment(lon + dx, 7.01, name=f"Karaoke x{dx:+.2e}") for dx in offsets] + [
        factories.establishment(105.03, lat + dy, name=f"Karaoke y{dy:+.2e}") for dy in offsets
    ]
    placed += [factories.establishment(lon + d, lat + d, name=f"Karaoke corner {d:+.2e}") for d in offsets]
    around = [(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    seen = ids_by_tile(client, around)
    others = {e.pk for e in world["inside"] + world["outside"]} & set().union(*seen.values())
    assert_each_once(seen, {p.pk for p in placed} | others)
    # A point on the edge goes to whichever side the projection rounds it to; one a
    # hair off the edge goes to its own side.
    row = api_world.tile_of(105.03, 7.01, Z)[1]
    assert placed[3].pk in seen[(x, row)] and placed[4].pk in seen[(x - 1, row)]


def test_every_demo_establishment_is_in_one_zoom_12_tile(client, demo_province):
    client.force_login(User.objects.create_superuser("tile-edges", password=api_world.PASSWORD))
    places = list(Establishment.objects.values_list("pk", "location"))
    assert len(places) > 100
    tiles = set()
    for _pk, point in places:
        x, y = api_world.tile_of(point.x, point.y, Z)
        tiles |= {(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
    assert_each_once(ids_by_tile(client, sorted(tiles)), {pk for pk, _ in places})
