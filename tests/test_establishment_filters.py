"""Every establishment filter against sets computed independently on hand-made
geometries, area scoping, and clear messages for bad input."""

import datetime

import pytest
import shapely
from pyproj import Geod

from geo.areas import Area
from geo.models import Level
from monitoring.establishments.filters import EstablishmentFilter, FilterError
from monitoring.establishments.selectors import establishment_list
from tests import factories

pytestmark = pytest.mark.django_db
GEOD = Geod(ellps="WGS84")
TODAY = datetime.date(2026, 11, 22)


def square(x0, y0, size):
    x1, y1 = x0 + size, y0 + size
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


@pytest.fixture
def world():
    """Province 72 → districts 721 (communes 72101, 72102) and 722 (commune 72201);
    a 5 × 3 grid of establishments, 0.01° apart, starting at (104.005, 8.005)."""
    p = factories.unit("72", square(104, 8, 0.06), level=Level.PROVINCE, kind="")
    d1 = factories.unit("721", square(104, 8, 0.04), level=Level.DISTRICT, kind="", parent=p)
    east = "POLYGON((104.04 8, 104.06 8, 104.06 8.04, 104.04 8.04, 104.04 8))"
    d2 = factories.unit("722", east, level=Level.DISTRICT, kind="", parent=p)
    factories.unit("72101", "POLYGON((104 8, 104.02 8, 104.02 8.04, 104 8.04, 104 8))", parent=d1)
    factories.unit("72102", "POLYGON((104.02 8, 104.04 8, 104.04 8.04, 104.02 8.04, 104.02 8))", parent=d1)
    factories.unit("72201", east, parent=d2)
    places = {}
    types = ["karaoke", "bar", "cafe"]
    for i in range(5):
        for j in range(3):
            x, y = 104.005 + 0.01 * i, 8.005 + 0.01 * j
            name = f"E{i}{j}"
            places[name] = factories.establishment(
                x,
                y,
                name=name,
                type=types[j],
                prone=i % 2 == 0,
                status="closed" if (i, j) == (4, 2) else "active",
            )
    places["E00"].inspections.create(
        date=datetime.date(2026, 1, 10),
        team="T",
        result="violation",
        follow_up_due=datetime.date(2026, 2, 10),
    )
    places["E10"].inspections.create(date=datetime.date(2026, 6, 1), team="T", result="compliant")
    places["E20"].inspections.create(date=datetime.date(2025, 3, 1), team="T", result="violation")
    places["E20"].inspections.create(date=datetime.date(2026, 9, 1), team="T", result="compliant")
    return {"province": p, "d1": d1, "d2": d2, "places": places}


def names(params, scope=None):
    query = establishment_list(filter=EstablishmentFilter.parse(params), scope=scope, today=TODAY)
    return sorted(e.name for e in query if e.name.startswith("E"))


def grid(predicate):
    return sorted(
        f"E{i}{j}"
        for i in range(5)
        for j in range(3)
        if predicate(104.005 + 0.01 * i, 8.005 + 0.01 * j, i, j)
    )


def test_by_commune_district_and_province(world):
    assert names({"commune": "72101"}) == grid(lambda x, y, i, j: x < 104.02)
    assert names({"commune": "72101,72201"}) == grid(lambda x, y, i, j: x < 104.02 or x > 104.04)
    assert names({"district": "721"}) == grid(lambda x, y, i, j: x < 104.04)
    assert names({"province": "72"}) == grid(lambda x, y, i, j: True)


def test_by_drawn_polygon(world):
    triangle = "POLYGON((104 8, 104.05 8, 104 8.05, 104 8))"
    shape = shapely.from_wkt(triangle)
    assert names({"polygon": triangle}) == grid(lambda x, y, i, j: shape.covers(shapely.Point(x, y)))


def test_by_radius_in_metres_on_the_ellipsoid(world):
    centre = (104.025, 8.015)
    expected = grid(lambda x, y, i, j: GEOD.inv(centre[0], centre[1], x, y)[2] <= 1500)
    assert names({"point": "104.025,8.015", "radius": "1500"}) == expected
    assert 1 < len(expected) < 15


def test_by_map_extent(world):
    assert names({"bbox": "104.01,8.01,104.03,8.03"}) == grid(
        lambda x, y, i, j: 104.01 <= x <= 104.03 and 8.01 <= y <= 8.03
    )


def test_by_type_prone_and_status(world):
    assert names({"type": "bar", "prone": "true"}) == grid(lambda x, y, i, j: j == 1 and i % 2 == 0)
    assert names({"status": "closed"}) == ["E42"]


def test_by_inspection_state(world):
    assert names({"inspection": "never", "commune": "72101"}) == ["E01", "E02", "E11", "E12"]
    assert names({"inspection": "violation"}) == ["E00"]
    assert names({"inspection": "overdue"}) == ["E00"]
    assert names({"inspection": "before", "before": "2026-05-01"}) == ["E00"]


def test_an_inspector_of_one_district_sees_nothing_of_another(world):
    seen = names({}, scope=Area.of_units([world["d1"]]))
    assert seen == grid(lambda x, y, i, j: x < 104.04)
    assert names({"district": "722"}, scope=Area.of_units([world["d1"]])) == []
    assert names({}, scope=Area.nothing()) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"point": "104,8", "radius": "-5"}, "radius = “-5”: must be more than 0 and at most 100,000 m."),
        (
            {"point": "104,8", "radius": "1000000000"},
            "radius = “1000000000”: must be more than 0 and at most 100,000 m.",
        ),
        (
            {"polygon": "POLYGON((104 8, 104.1 8.1, 104.1 8, 104 8.1, 104 8))"},
            "polygon = “POLYGON((104 8, 104.1 8.1, 104.1 8, 104 8.1, 104 8))”: the polygon crosses itself: "
            "redraw it without crossing lines.",
        ),
        ({"commune": "99999x"}, "commune = “99999x”: no current commune has this code."),
        (
            {"type": "casino"},
            "type = “casino”: use one of karaoke, discotheque, bar, massage, hotel, guesthouse, "
            "sauna, cafe, hair_wash, other.",
        ),
        ({"point": "104,8"}, "radius = “”: a point needs a radius in metres."),
    ],
)
def test_bad_input_gets_a_clear_message(world, params, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(FilterError) as error:
        list(establishment_list(filter=EstablishmentFilter.parse(params), today=TODAY))
    assert str(error.value) == message
