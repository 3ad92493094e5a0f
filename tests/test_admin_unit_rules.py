"""Administrative units: constraints in the database, area from geometry, any depth."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from pyproj import Geod
from shapely import wkt

from geo.models import AdminUnit, Level
from tests import factories

pytestmark = pytest.mark.django_db
SQUARE = "POLYGON((105 10, 105.01 10, 105.01 10.01, 105 10.01, 105 10))"


def test_area_is_computed_from_the_geometry_in_square_metres():
    unit = factories.unit("80020", SQUARE)
    unit.refresh_from_db()
    expected, _ = Geod(ellps="WGS84").geometry_area_perimeter(wkt.loads(SQUARE))
    assert unit.area_m2 == pytest.approx(abs(expected), rel=1e-6)


def test_invalid_geometry_is_rejected():
    bow_tie = "POLYGON((105 10, 105.01 10.01, 105.01 10, 105 10.01, 105 10))"
    with pytest.raises(IntegrityError, match="adminunit_geom_valid"):
        factories.unit("80021", bow_tie)


def test_a_commune_needs_a_kind_and_a_district_must_not_have_one():
    with (
        pytest.raises(IntegrityError, match="adminunit_kind_only_for_communes"),
        transaction.atomic(),
    ):
        factories.unit("80022", SQUARE, kind="")
    with pytest.raises(IntegrityError, match="adminunit_kind_only_for_communes"):
        factories.unit("801", SQUARE, level=Level.DISTRICT, kind="xa")


def test_two_versions_of_a_code_may_not_overlap_in_time():
    factories.unit("80023", SQUARE, valid_to=datetime.date(2025, 7, 1))
    factories.unit("80023", SQUARE, valid_from=datetime.date(2025, 7, 1))  # next version
    with pytest.raises(IntegrityError, match="adminunit_code_validity_no_overlap"):
        factories.unit("80023", SQUARE, valid_from=datetime.date(2026, 1, 1))


def test_parent_must_be_of_a_higher_level():
    commune = factories.unit("80024", SQUARE)
    with pytest.raises(IntegrityError, match="adminunit_parent_level"):
        factories.unit("802", SQUARE, level=Level.DISTRICT, kind="", parent=commune)


def test_three_tier_and_two_tier_hierarchies_both_work():
    province = factories.unit("81", SQUARE, level=Level.PROVINCE, kind="")
    district = factories.unit("803", SQUARE, level=Level.DISTRICT, kind="", parent=province)
    old = factories.unit("80025", SQUARE, parent=district, valid_to=datetime.date(2025, 7, 1))
    new = factories.unit("80026", SQUARE, parent=province, valid_from=datetime.date(2025, 7, 1))
    assert old.parent.parent == province
    assert new.parent == province
    assert list(AdminUnit.current.filter(code__in=["80025", "80026"])) == [new]


def test_retiring_a_unit_keeps_its_figures():
    from monitoring.models import CaseCount, Indicator

    unit = factories.unit("80027", SQUARE)
    CaseCount.objects.create(
        unit=unit, period=datetime.date(2024, 1, 1), indicator=Indicator.objects.first(), value=2
    )
    unit.valid_to = datetime.date(2025, 7, 1)
    unit.save()
    assert CaseCount.objects.filter(unit=unit).count() == 1
    with pytest.raises(Exception, match="protected"):
        unit.delete()
