"""A user whose area is a province sees the deepest commune under it in every channel of
the access matrix exactly as a user whose area is that commune does, whatever the depth
of the tree: province → commune (the 2025 shape) or province → district → group →
commune (four levels; the level rule is lifted for the test's transaction, as in
``test_area_q_and_sql_select_the_same_units``). Nothing of the other province leaks.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from geo.models import AdminUnit, Level, UserArea
from tests import factories
from tests.test_access_matrix import CHANNELS, FOREIGN, square, world_fill

pytestmark = pytest.mark.django_db

INSIDE = [
    r"(?<![\d.])97101(?!\d)",
    "Xã Trong Vùng",
    "Karaoke Trong",
    "Điểm Trong",
    "Trại Trong",
    "Trường Trong",
]
# Channels whose body names the deep commune or its places: the comparison is not vacuous.
# (The matrix tile, 10/810/491, holds the communes but not the places, which lie in 492.)
SHOWING = {
    "api communes",
    "api case counts",
    "api establishments",
    "api counselling points",
    "ogc communes",
    "ogc establishments",
    "tiles communes",
    "export communes",
    "export case counts",
    "export establishments",
    "export counselling points",
    "establishment items",
    "establishment csv",
    "risk export",
    "risk panel inside",
    "data completeness",
    "inspection coverage",
}
# Pages headed by the name of the user's area (the commune's user reads "Xã Trong Vùng").
TITLED = {"home", "risk print"}
# Pages whose rows are the user's own areas and the districts below them, not communes
# (the approval page; the report's tables by district): a commune's user reads his commune
# as a row, a province's does not.
AREA_ROWS = {"data approval", "province report", "api province report"}
# Reads only: requests that write (scenarios, promotions, visits) are the matrix's job.
# A channel is tried with its first scoped role that may use it.
READS = [
    c
    for c in CHANNELS
    if (c.method == "get" or c.url.endswith(("coverage.json", "site.json")))
    and any(status == 200 for role, status in c.expect.items() if role != "administrator")
]


def _role(channel) -> str:
    """The first role with areas that may use it (a page open to everyone, as the field
    app's manifest, is tried with a role that has areas too)."""
    return next(
        r
        for r, status in channel.expect.items()
        if status == 200 and r not in ("administrator", "anonymous", "no_role")
    )


def _tree(depth: int):
    """(province, deep commune) of a tree of ``depth`` levels at the inside square."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE geo_adminunit DISABLE TRIGGER adminunit_parent_level")
    top = parent = factories.unit("97", square(105, 7), level=Level.PROVINCE, kind="", name="Tỉnh Trong")
    for code in ("971", "9719")[: depth - 2]:
        parent = factories.unit(code, square(105, 7), level=Level.DISTRICT, kind="", parent=parent)
    commune = factories.unit("97101", square(105, 7), parent=parent, name="Xã Trong Vùng")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE geo_adminunit ENABLE TRIGGER adminunit_parent_level")
    return top, commune


@pytest.fixture(params=[2, 4], ids=["two levels", "four levels"])
def deep_world(request):
    AdminUnit.objects.filter(is_demo=True).update(valid_to=datetime.date(2026, 1, 1))  # hide the demo
    top, inside = _tree(request.param)
    other = factories.unit("96", square(105.02, 7), level=Level.PROVINCE, kind="", name="Tỉnh Khác")
    district = factories.unit(
        "972", square(105.02, 7), level=Level.DISTRICT, kind="", parent=other, name="Huyện Ngoại Vùng"
    )
    outside = factories.unit("97201", square(105.02, 7), parent=district, name="Xã Ngoại Vùng")
    return world_fill(inside=inside, outside=outside, area=top) | {"top": top, "commune": inside}


def _user(username: str, role: str, unit):
    if role != "no_role":
        return factories.role_user(username, role, areas=[unit])
    user = User.objects.create_user(username)
    UserArea.objects.create(user=user, unit=unit)
    return user


def _get(client, channel, url):
    if channel.method == "post":
        return client.post(url, data=channel.body, content_type="application/json")
    return client.get(url)


def _text(response, url: str) -> str | None:
    if response.status_code != 200:
        return None
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if url.startswith("/tiles/"):
        return body.decode("utf-8", "ignore")
    return body.decode("utf-8-sig")


@pytest.mark.parametrize("channel", READS, ids=[c.name for c in READS])
def test_the_province_user_sees_the_deep_commune_as_its_own_user_does(deep_world, channel):
    role = _role(channel)
    url = channel.url.format(**deep_world)
    seen = {}
    for who in ("top", "commune"):
        client = Client()
        client.force_login(_user(f"{who}-{role}", role, deep_world[who]))
        response = _get(client, channel, url)
        assert response.status_code == channel.expect[role], (who, response.content[:300])
        seen[who] = _text(response, url) if (url.startswith("/tiles/") or not channel.binary) else None
    if seen["top"] is None:
        return
    leaked = [marker for marker in FOREIGN if re.search(marker, seen["top"])]
    assert not leaked, f"{channel.name} shows {leaked} to a user of province 97"
    markers = {who: {m for m in INSIDE if re.search(m, text)} for who, text in seen.items()}
    if channel.name in AREA_ROWS:
        return  # rows are areas at the user's level: only the leak check above applies
    if channel.name in TITLED:
        markers["commune"].discard("Xã Trong Vùng")
    assert markers["top"] == markers["commune"], (channel.name, seen["top"][:2000])
    if channel.name in SHOWING:
        assert markers["top"], f"{channel.name} shows nothing of the deep commune"
