"""Karaoke parlours and discotheques within the decree's distance of a sensitive site are
flagged with the nearest site and the geodesic distance; others never are."""

import pytest
from django.contrib.gis.geos import Point
from pyproj import Geod

from monitoring.establishments.proximity import near_sensitive_sites
from monitoring.models import SensitiveSite
from monitoring.services.errors import MonitoringError
from tests import factories

pytestmark = pytest.mark.django_db
GEOD = Geod(ellps="WGS84")
SCHOOL = (105.8500, 21.0300)  # Hà Nội: away from the demo province and its sites


def east_of(origin: tuple[float, float], metres: float, azimuth: float = 90.0) -> tuple[float, float]:
    lon, lat, _ = GEOD.fwd(*origin, azimuth, metres)
    return lon, lat


def geodesic_m(a: Point, b: Point) -> float:
    return GEOD.inv(a.x, a.y, b.x, b.y)[2]


@pytest.fixture
def street():
    school = SensitiveSite.objects.create(
        kind="school", name="Trường Tiểu học Hoà Bình", location=Point(*SCHOOL, srid=4326)
    )
    return {
        "school": school,
        "karaoke_150": factories.establishment(*east_of(SCHOOL, 150), type="karaoke", name="K 150"),
        "karaoke_250": factories.establishment(*east_of(SCHOOL, 250), type="karaoke", name="K 250"),
        "disco_120": factories.establishment(*east_of(SCHOOL, 120, 0), type="discotheque", name="D 120"),
        "cafe_50": factories.establishment(*east_of(SCHOOL, 50, 180), type="cafe", name="C 50"),
    }


def ids(street) -> list[int]:
    return [place.id for key, place in street.items() if key != "school"]


def test_a_karaoke_150_m_from_a_school_is_flagged_with_the_geodesic_distance(street):
    flagged = near_sensitive_sites(establishment_ids=ids(street))
    name, kind, distance = flagged[street["karaoke_150"].id]
    assert (name, kind) == ("Trường Tiểu học Hoà Bình", "school")
    expected = geodesic_m(street["school"].location, street["karaoke_150"].location)
    assert expected == pytest.approx(150, abs=0.01)
    assert distance == pytest.approx(expected, abs=1)


def test_a_karaoke_250_m_away_and_a_cafe_50_m_away_are_not_flagged(street):
    flagged = near_sensitive_sites(establishment_ids=ids(street))
    assert set(flagged) == {street["karaoke_150"].id, street["disco_120"].id}


def test_the_distance_setting_is_read_at_each_call(street, settings):
    settings.SENSITIVE_SITE_DISTANCE_M = 300
    assert set(near_sensitive_sites(establishment_ids=ids(street))) == {
        street["karaoke_150"].id,
        street["karaoke_250"].id,
        street["disco_120"].id,
    }
    settings.SENSITIVE_SITE_DISTANCE_M = 130
    assert set(near_sensitive_sites(establishment_ids=ids(street))) == {street["disco_120"].id}


def test_an_explicit_distance_overrides_the_setting(street, settings):
    settings.SENSITIVE_SITE_DISTANCE_M = 1000
    assert set(near_sensitive_sites(establishment_ids=ids(street), distance_m=100)) == set()


def test_the_nearest_of_several_sites_is_reported(street):
    hospital_at = east_of(street["karaoke_150"].location.coords, 40, 0)
    SensitiveSite.objects.create(kind="hospital", name="Bệnh viện C", location=Point(*hospital_at, srid=4326))
    name, kind, distance = near_sensitive_sites(establishment_ids=ids(street))[street["karaoke_150"].id]
    assert (name, kind) == ("Bệnh viện C", "hospital")
    assert distance == pytest.approx(40, abs=1)


def test_only_the_given_establishments_are_checked(street):
    assert near_sensitive_sites(establishment_ids=[street["disco_120"].id]).keys() == {street["disco_120"].id}
    assert near_sensitive_sites(establishment_ids=[]) == {}


def test_a_distance_of_zero_metres_is_refused_with_a_fix(street):
    with pytest.raises(MonitoringError) as caught:
        near_sensitive_sites(establishment_ids=ids(street), distance_m=0)
    # Vietnamese by default, like every message a user reads.
    assert str(caught.value) == "Khoảng cách 0 m đến địa điểm nhạy cảm: hãy nhập số mét lớn hơn 0, ví dụ 200."
