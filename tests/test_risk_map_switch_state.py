"""``/maps/risk/state.json``: what the risk map applies in place when the period, measure
or method changes. It is the page's own state: the same values and colours as the page
built for that query, the legend, notes and summary rendered by the templates the page
includes, and the key of the shapes, equal for queries on the same shapes and different
when another level or district needs others (the page is then loaded instead)."""

import json
import re

import pytest
from django.conf import settings

from tests import factories

pytestmark = pytest.mark.django_db

QUERIES = [
    "period=2026-10&measure=rate:illegal_users",
    "period=2026-09&measure=rate:illegal_users",
    "period=2026-Q3&measure=count:relapses&method=equal_interval&classes=4",
    "period=2026&measure=classification",
    "period=2026-10&measure=risk",
    "period=2026-10&measure=change:illegal_users",
]


@pytest.fixture
def leader(client, demo_province):
    client.force_login(factories.role_user("leader-switch", "leader"))
    return client


def _page_values(page: str) -> dict:
    """The values block the page's choropleth is styled from."""
    blocks = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    for text in blocks:
        data = json.loads(text)
        if (
            isinstance(data, dict)
            and data
            and all(isinstance(v, dict) and "colour" in v for v in data.values())
        ):
            return data
    raise AssertionError("no values block on the page")


@pytest.mark.parametrize("query", QUERIES)
def test_the_state_is_the_page_built_for_the_same_query(leader, query):
    page = leader.get(f"/maps/risk/?{query}").content.decode()
    response = leader.get(f"/maps/risk/state.json?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    state = response.json()
    assert state["values"] == _page_values(page)
    assert f'data-shapes="{state["shapes"]}"' in page
    for fragment in state["html"].values():
        assert fragment.strip() and fragment.strip() in page  # the page's own pieces
    assert state["panel_url"].startswith("/maps/risk/commune/CODE.json?")


def test_queries_on_the_same_shapes_share_the_key_and_a_level_change_does_not(leader):
    keys = {q: leader.get(f"/maps/risk/state.json?{q}").json()["shapes"] for q in QUERIES}
    assert len(set(keys.values())) == 1
    districts = leader.get("/maps/risk/state.json?period=2026-10&measure=count:illegal_users&level=district")
    one_district = leader.get("/maps/risk/state.json?period=2026-10&measure=count:illegal_users&district=901")
    others = {districts.json()["shapes"], one_district.json()["shapes"]}
    assert len(others) == 2 and not others & set(keys.values())


def test_a_switch_is_small_and_compressed(leader):
    """Values, legend and summary for 200 communes, no geometry: what the target of a
    period switch (≤ 30 KB transferred) measures."""
    response = leader.get(
        "/maps/risk/state.json?period=2026-09&measure=rate:illegal_users", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 30_000
    assert "coordinates" not in response.content.decode("latin-1")


def test_the_state_follows_the_language(leader):
    leader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = leader.get("/maps/risk/state.json?period=2026-10&measure=rate:illegal_users").json()
    assert "Province summary" in english["html"]["summary"]
    leader.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = leader.get("/maps/risk/state.json?period=2026-10&measure=rate:illegal_users").json()
    assert "Province summary" not in vietnamese["html"]["summary"]


def test_a_corrected_query_says_so_in_the_notes(leader):
    state = leader.get("/maps/risk/state.json?period=abc&measure=rate:illegal_users").json()
    assert "abc" in state["html"]["notes"]


def test_the_state_needs_the_page_permissions(client, demo_province):
    assert client.get("/maps/risk/state.json").status_code in (302, 403)
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("no-rights", password="pw-for-tests"))
    assert client.get("/maps/risk/state.json").status_code == 403
