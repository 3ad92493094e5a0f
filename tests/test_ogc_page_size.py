"""Page size of the OGC items: 100 by default, at most 10,000; a larger ``limit`` is
served as 10,000 (OGC API – Features Part 1 recommends it, pygeoapi does the same), with
``numberMatched``, ``numberReturned`` and ``next``/``prev`` links."""

import pytest

from monitoring.ogc.collections import COLLECTIONS
from monitoring.ogc.params import DEFAULT_LIMIT, MAX_LIMIT, ParameterError, items_query
from tests import api_world, factories

pytestmark = pytest.mark.django_db
world = api_world.world


def limit_of(text):
    return items_query({"limit": text} if text is not None else {}, COLLECTIONS["establishments"]).limit


def test_the_default_page_is_100_and_the_maximum_10000():
    assert (DEFAULT_LIMIT, MAX_LIMIT) == (100, 10_000)
    assert limit_of(None) == 100
    assert limit_of("10000") == 10_000
    assert limit_of("10001") == 10_000
    assert limit_of("99999999999999") == 10_000


@pytest.mark.parametrize("text", ["0", "-5", "x"])
def test_a_limit_below_one_or_not_a_number_is_refused(text):
    with pytest.raises(ParameterError):
        limit_of(text)


def test_a_page_says_how_many_match_and_links_its_neighbours(client, world):
    for i in range(100):
        factories.establishment(105.0005 + 0.00015 * i, 7.0185, name=f"Quán {i:03}")
    client.force_login(world["inspector"])  # district A: its 13 and the 100 new ones
    first = client.get("/ogc/collections/establishments/items").json()
    total = len(world["inside"]) + 100
    assert first["numberMatched"] == total
    assert first["numberReturned"] == len(first["features"]) == 100
    rels = {link["rel"]: link["href"] for link in first["links"]}
    assert "prev" not in rels
    second = client.get(rels["next"]).json()
    assert second["numberReturned"] == total - 100
    assert {link["rel"] for link in second["links"]} == {"self", "prev"}
    assert not {f["id"] for f in first["features"]} & {f["id"] for f in second["features"]}
    clamped = client.get("/ogc/collections/establishments/items?limit=50000").json()
    assert clamped["numberReturned"] == total
    assert "limit=10000" in clamped["links"][0]["href"]
