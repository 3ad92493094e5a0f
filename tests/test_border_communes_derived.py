"""Border communes and distances to the land border are derived from geometry."""

import pytest
from django.contrib.gis.geos import GEOSGeometry
from pyproj import Geod

from geo.models import AdminUnit, BorderLine
from geo.services import admin_units_border_refresh
from tests import factories

pytestmark = pytest.mark.django_db
GEOD = Geod(ellps="WGS84")

# A straight border along x = 105 from y = 10 to y = 10.2 (about 22 km).
BORDER = "MULTILINESTRING((105 10, 105 10.2))"


@pytest.fixture
def border():
    BorderLine.objects.all().delete()
    return BorderLine.objects.create(neighbour="LAO", geom=GEOSGeometry(BORDER, srid=4326))


def refreshed(*units):
    admin_units_border_refresh(unit_ids=[u.pk for u in units])
    return [AdminUnit.objects.get(pk=u.pk) for u in units]


def test_commune_sharing_a_stretch_of_border_is_a_border_commune(border):
    (unit,) = refreshed(
        factories.unit("80010", "POLYGON((105 10.05, 105.05 10.05, 105.05 10.1, 105 10.1, 105 10.05))")
    )
    assert unit.is_border is True
    assert unit.border_distance_m == 0


def test_commune_a_few_metres_off_the_border_line_is_still_a_border_commune(border):
    # 0.0005° ≈ 55 m east of the line: inside the default 100 m tolerance.
    (unit,) = refreshed(
        factories.unit(
            "80011",
            "POLYGON((105.0005 10.05, 105.05 10.05, 105.05 10.1, 105.0005 10.1, 105.0005 10.05))",
        )
    )
    assert unit.is_border is True


def test_commune_touching_the_border_at_one_corner_is_not_a_border_commune(border):
    (unit,) = refreshed(
        factories.unit("80012", "POLYGON((104.95 10.2, 105 10.2, 105 10.25, 104.95 10.25, 104.95 10.2))")
    )
    assert unit.is_border is False


def test_commune_away_from_the_border_gets_its_geodesic_distance_in_metres(border):
    (unit,) = refreshed(
        factories.unit("80013", "POLYGON((105.1 10.05, 105.15 10.05, 105.15 10.1, 105.1 10.1, 105.1 10.05))")
    )
    _, _, expected = GEOD.inv(105.0, 10.05, 105.1, 10.05)
    assert unit.is_border is False
    assert unit.border_distance_m == pytest.approx(expected, abs=25)


def test_tolerance_is_a_setting(border, settings):
    unit = factories.unit(
        "80014",
        "POLYGON((105.0005 10.05, 105.05 10.05, 105.05 10.1, 105.0005 10.1, 105.0005 10.05))",
    )
    settings.BORDER_TOLERANCE_M = 30
    (unit,) = refreshed(unit)
    assert unit.is_border is False


def test_without_a_border_the_facts_are_cleared(border):
    unit = factories.unit("80015", "POLYGON((105 10.05, 105.05 10.05, 105.05 10.1, 105 10.1, 105 10.05))")
    refreshed(unit)
    border.delete()
    (unit,) = refreshed(unit)
    assert (unit.is_border, unit.border_distance_m) == (False, None)


def test_the_shipped_border_has_plausible_lengths():
    lengths = {
        line.neighbour: line.geom.transform(3405, clone=True).length / 1000
        for line in BorderLine.objects.all()
    }
    assert set(lengths) == {"CHN", "LAO", "KHM"}
    # OpenStreetMap-derived, simplified; official: 1,449.6 / 2,337.5 / 1,137 km.
    assert 1300 < lengths["CHN"] < 1500
    assert 2100 < lengths["LAO"] < 2400
    assert 1100 < lengths["KHM"] < 1250


def test_reloading_the_same_border_rewrites_nothing(django_assert_max_num_queries):
    from pathlib import Path

    from django.conf import settings

    from geo.services import border_lines_load

    path = Path(settings.BASE_DIR) / "fixtures" / "osm" / "vn_land_border.geojson"
    with django_assert_max_num_queries(3):
        assert border_lines_load(path=path) == 0
