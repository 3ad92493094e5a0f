"""An establishment (or any place) belongs to the commune that contains its point;
a point on a shared boundary belongs to exactly one commune: the smallest code."""

import pytest
from django.contrib.gis.geos import Point

from geo.models import AdminUnit
from geo.selectors import commune_at
from monitoring.models import CounsellingPoint, TreatmentFacility
from monitoring.services.places import places_reassign_communes
from tests import factories

pytestmark = pytest.mark.django_db

# Two communes side by side sharing the edge x = 105.01; the higher code on the left.
WEST = "POLYGON((105 10, 105.01 10, 105.01 10.01, 105 10.01, 105 10))"
EAST = "POLYGON((105.01 10, 105.02 10, 105.02 10.01, 105.01 10.01, 105.01 10))"


@pytest.fixture
def pair():
    return factories.unit("80002", WEST), factories.unit("80001", EAST)


def test_establishment_inside_a_commune_gets_that_commune(pair):
    west, east = pair
    assert factories.establishment(105.005, 10.005).commune == west
    assert factories.establishment(105.015, 10.005).commune == east


def test_point_exactly_on_a_shared_edge_goes_to_the_smallest_code(pair):
    _west, east = pair
    assert factories.establishment(105.01, 10.005).commune == east  # "80001" < "80002"


def test_point_on_a_shared_corner_goes_to_the_smallest_code(pair):
    _, east = pair
    assert factories.establishment(105.01, 10.0).commune == east


def test_point_on_an_outer_edge_belongs_to_its_only_commune(pair):
    west, _ = pair
    assert factories.establishment(105.0, 10.005).commune == west


def test_point_outside_every_commune_has_no_commune(pair):
    assert factories.establishment(104.5, 10.005).commune is None


def test_commune_given_on_input_is_ignored(pair):
    west, east = pair
    place = factories.establishment(105.005, 10.005, commune=east)
    assert place.commune == west


def test_moving_an_establishment_re_derives_its_commune(pair):
    _west, east = pair
    place = factories.establishment(105.005, 10.005)
    place.location = Point(105.015, 10.005, srid=4326)
    place.save()
    place.refresh_from_db()
    assert place.commune == east


def test_retired_communes_never_receive_places(pair):
    west, east = pair
    AdminUnit.objects.filter(pk=east.pk).update(valid_to="2025-07-01")
    assert factories.establishment(105.01, 10.005).commune == west


def test_selector_and_trigger_apply_the_same_rule(pair):
    _, east = pair
    assert commune_at(point=Point(105.01, 10.005, srid=4326)) == east
    assert commune_at(point=Point(104.5, 10.0, srid=4326)) is None


def test_counselling_points_and_treatment_facilities_get_their_commune_too(pair):
    west, east = pair
    point = CounsellingPoint.objects.create(
        name="Điểm tư vấn", location=Point(105.005, 10.005, srid=4326), status="planned"
    )
    facility = TreatmentFacility.objects.create(
        kind="methadone", name="Methadone", location=Point(105.015, 10.005, srid=4326)
    )
    point.refresh_from_db()
    facility.refresh_from_db()
    assert (point.commune, facility.commune) == (west, east)


def test_new_boundaries_reassign_existing_places(pair):
    west, east = pair
    place = factories.establishment(105.012, 10.005)
    assert place.commune == east
    # The west commune grows eastwards; the east one shrinks (a boundary correction).
    AdminUnit.objects.filter(pk=west.pk).update(
        geom=factories.unit(
            "89999",
            "POLYGON((105 10, 105.013 10, 105.013 10.01, 105 10.01, 105 10))",
            valid_from="2019-01-01",
            valid_to="2019-12-31",
        ).geom
    )
    AdminUnit.objects.filter(pk=east.pk).update(
        geom=factories.unit(
            "89998",
            "POLYGON((105.013 10, 105.02 10, 105.02 10.01, 105.013 10.01, 105.013 10))",
            valid_from="2019-01-01",
            valid_to="2019-12-31",
        ).geom
    )
    assert places_reassign_communes() >= 1
    place.refresh_from_db()
    assert place.commune == west
