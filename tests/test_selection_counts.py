"""The number of matches a page states (``Selection.count_sql``) is the number of rows the
selection gives, whichever way it is counted: a selection that is exactly "the key is
among these" counts its key query alone (a join in it may repeat a key: counted once),
any other selection counts the layer's rows under its conditions."""

import datetime

import pytest

from geo.areas import Area
from monitoring.exports.query import feature_page, feature_sql
from monitoring.layers import ESTABLISHMENTS
from monitoring.layers.base import Selection
from monitoring.models import Inspection
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world

FILTERS = [
    {},
    {"commune": "73101"},
    {"type": "karaoke"},
    {"point": "105.01,7.01", "radius": "1500"},
    {"bbox": "105,7,105.03,7.02"},
    {"polygon": "POLYGON((105 7, 105.012 7, 105.012 7.012, 105 7.012, 105 7))"},
    {"inspection": "never"},
    {"inspection": "violation"},
    {"inspection": "before", "before": "2025-01-01"},
    {"prone": "true", "status": "active"},
]


def _rows(selection: Selection) -> list[str]:
    from django.db import connection

    sql, params = feature_sql(ESTABLISHMENTS, selection, channel="page")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def visited(world):
    """Two visits of one establishment (a join over inspections repeats it) and one
    violation."""
    first, second = world["inside"][:2]
    for day, result in ((datetime.date(2024, 3, 1), "compliant"), (datetime.date(2024, 9, 1), "compliant")):
        Inspection.objects.create(establishment=first, date=day, team="Đội 1", result=result)
    Inspection.objects.create(
        establishment=second, date=datetime.date(2024, 5, 1), team="Đội 1", result="violation", violations="x"
    )
    return world


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all")
@pytest.mark.parametrize("who", ["admin", "inspector"])
def test_the_stated_number_of_matches_is_the_number_of_rows(visited, params, who):
    selection = ESTABLISHMENTS.select(params, scope=Area.of(visited[who]))
    rows = _rows(selection)
    matched, page = feature_page(ESTABLISHMENTS, selection, channel="page", offset=0, limit=5)
    assert matched == len(rows)
    assert page == rows[:5]


def _visits_of(world) -> tuple[str, list]:
    """A key query that repeats establishment ids (one row per inspection), of this
    test's establishments only (a demo province may share the database)."""
    ids = [e.id for e in world["inside"] + world["outside"]]
    return "SELECT i.establishment_id FROM monitoring_inspection i WHERE i.establishment_id = ANY(%s)", [ids]


def test_a_key_query_is_counted_alone_and_once_per_key(visited):
    selection = Selection()
    selection.add_keys("t.id", *_visits_of(visited))
    assert selection.key_query is not None
    sql, _ = selection.count_sql(ESTABLISHMENTS.from_sql)
    assert "monitoring_establishment" not in sql  # the layer's table and joins are not read
    matched, _ = feature_page(ESTABLISHMENTS, selection, channel="page", offset=0, limit=10)
    assert matched == len(_rows(selection)) == 2


def test_a_condition_after_the_keys_counts_the_rows_under_every_condition(visited):
    selection = Selection()
    selection.add_keys("t.id", *_visits_of(visited))
    selection.add("t.name = %s", "Karaoke A00")
    assert selection.key_query is None
    matched, _ = feature_page(ESTABLISHMENTS, selection, channel="page", offset=0, limit=10)
    assert matched == len(_rows(selection)) == 1
