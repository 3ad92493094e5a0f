"""``Area`` gives the same units, rows and points whether read as an ORM ``Q``, as a raw
SQL condition or as the id set, for every kind of scope, on a forest with a four-level
tree (province → district → group of communes → commune), a two-level tree (province →
commune, the 2025 shape) and a retired commune that the tree no longer reaches.

Today's level rule (``adminunit_parent_level``: a parent's level ranks above its child's)
allows three tiers at most; the fixture lifts it for its own transaction so the test shows
that the area module itself assumes no depth, should a grouping level be added."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point
from django.db import connection

from geo.areas import Area
from geo.models import AdminUnit, Level, UserArea
from monitoring.models import Establishment, SensitiveSite
from monitoring.roles import roles_sync
from tests import factories

pytestmark = pytest.mark.django_db


def square(x0, y0, size=0.01):
    x1, y1 = x0 + size, y0 + size
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


@pytest.fixture
def forest():
    """81 → 811 → 8111 → {811101, 811102}; 81 → 812 → 81201; 82 → {82001, 82002};
    811103 retired under 8111. Every commune holds one establishment and one school."""
    unit = factories.unit
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE geo_adminunit DISABLE TRIGGER adminunit_parent_level")
    p81 = unit("81", square(100, 5, 0.04), level=Level.PROVINCE, kind="")
    d811 = unit("811", square(100, 5, 0.02), level=Level.DISTRICT, kind="", parent=p81)
    g8111 = unit("8111", square(100, 5, 0.02), level=Level.DISTRICT, kind="", parent=d811)
    d812 = unit("812", square(100.02, 5, 0.02), level=Level.DISTRICT, kind="", parent=p81)
    p82 = unit("82", square(100.1, 5, 0.04), level=Level.PROVINCE, kind="")
    communes = [
        unit("811101", square(100, 5), parent=g8111),
        unit("811102", square(100.01, 5), parent=g8111),
        unit("81201", square(100.02, 5), parent=d812),
        unit("82001", square(100.1, 5), parent=p82),
        unit("82002", square(100.11, 5), parent=p82),
    ]
    unit(
        "811103",
        square(100, 5.01),
        parent=g8111,
        valid_from=datetime.date(2019, 1, 1),
        valid_to=datetime.date(2025, 7, 1),
    )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE geo_adminunit ENABLE TRIGGER adminunit_parent_level")
    for commune in communes:
        x, y = commune.geom.centroid.coords
        factories.establishment(x, y, name=f"Karaoke {commune.code}")
        SensitiveSite.objects.create(
            name=f"Trường {commune.code}", kind="school", location=Point(x, y, srid=4326)
        )
    return {u.code: u for u in AdminUnit.objects.filter(code__regex=r"^8[12]")}


# scope (codes of the roots; None: everything) → codes of the units in the area
SCOPES = {
    "everything": (None, None),
    "nothing": ((), set()),
    "a province of four levels": (("81",), {"81", "811", "8111", "812", "811101", "811102", "81201"}),
    "a province of two levels": (("82",), {"82", "82001", "82002"}),
    "a district": (("811",), {"811", "8111", "811101", "811102"}),
    "a commune": (("81201",), {"81201"}),
    "two units": (("8111", "82002"), {"8111", "811101", "811102", "82002"}),
}
COMMUNE_CODES = {"811101", "811102", "81201", "82001", "82002"}


def area_of(forest, roots) -> Area:
    return Area.everything() if roots is None else Area.of_units(forest[code] for code in roots)


def raw_ids(sql: str, area_sql: tuple[str, list]) -> set[int]:
    condition, params = area_sql
    with connection.cursor() as cursor:
        cursor.execute(sql.format(condition=condition), params)
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("name", SCOPES)
def test_units_q_sql_and_ids_agree(forest, name):
    roots, expected = SCOPES[name]
    area = area_of(forest, roots)
    by_q = set(AdminUnit.objects.filter(area.units_q()).values_list("pk", flat=True))
    by_sql = raw_ids("SELECT u.id FROM geo_adminunit u WHERE {condition}", area.sql("u.id"))
    assert by_q == by_sql
    if expected is None:
        assert area.unit_ids() is None
        assert by_q == set(AdminUnit.objects.values_list("pk", flat=True))
    else:
        assert by_q == set(area.unit_ids())
        assert {forest[code].pk for code in expected} == by_q


@pytest.mark.parametrize("name", SCOPES)
def test_rows_with_a_commune_q_and_sql_agree(forest, name):
    roots, expected = SCOPES[name]
    area = area_of(forest, roots)
    ours = Establishment.objects.filter(name__startswith="Karaoke 8")
    by_q = set(ours.filter(area.q("commune")).values_list("name", flat=True))
    by_sql = raw_ids(
        "SELECT e.name FROM monitoring_establishment e WHERE e.name LIKE 'Karaoke 8%%' AND {condition}",
        area.sql("e.commune_id"),
    )
    assert by_q == by_sql
    wanted = COMMUNE_CODES if expected is None else COMMUNE_CODES & expected
    assert {f"Karaoke {code}" for code in wanted} == by_q


@pytest.mark.parametrize("name", SCOPES)
def test_points_q_and_sql_agree(forest, name):
    roots, expected = SCOPES[name]
    area = area_of(forest, roots)
    ours = SensitiveSite.objects.filter(name__startswith="Trường 8")
    by_q = set(ours.filter(area.points_q("location")).values_list("name", flat=True))
    by_sql = raw_ids(
        "SELECT s.name FROM monitoring_sensitivesite s WHERE s.name LIKE 'Trường 8%%' AND {condition}",
        area.points_sql("s.location"),
    )
    assert by_q == by_sql
    wanted = COMMUNE_CODES if expected is None else COMMUNE_CODES & expected
    assert {f"Trường {code}" for code in wanted} == by_q


def test_a_retired_commune_is_outside_every_area_but_everything(forest):
    retired = forest["811103"]
    assert not Area.of_units([forest["81"]]).contains(retired)
    assert Area.everything().contains(retired)
    assert Area.of_codes(["811103"]).contains(retired)  # named itself, e.g. in an export filter


def test_users_get_their_area_once_per_request(forest, django_assert_num_queries):
    roles_sync()
    inspector = User.objects.create_user("area-inspector")
    inspector.groups.add(Group.objects.get(name="inspector"))
    UserArea.objects.create(user=inspector, unit=forest["811"])
    admin = User.objects.create_user("area-admin")
    admin.groups.add(Group.objects.get(name="administrator"))
    loner = User.objects.create_user("area-loner")

    expected = Area.of_codes(["811"]).unit_ids()
    inspector = User.objects.get(pk=inspector.pk)
    with django_assert_num_queries(3):  # groups, areas, the tree
        assert Area.of(inspector).unit_ids() == expected
        assert Area.of(inspector).contains(forest["811102"])
    assert Area.of(User.objects.get(pk=admin.pk)).is_everything
    assert Area.of(loner).is_empty
    assert Area.of(loner).codes() == []
    assert Area.of(inspector).codes() == ["811"]
