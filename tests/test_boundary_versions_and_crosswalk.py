"""A new boundary version retires the old units without losing their figures, records an
old→new crosswalk by area overlap, and historical counts can then be shown on the new
communes. Hand-made case: communes A and B merge into AB; C splits into C (same code,
smaller) and C2; D, outside the new file, stays as it is."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from geo.imports.errors import BoundaryImportError
from geo.imports.service import boundaries_import
from geo.models import AdminUnit, UnitCrosswalk, UserArea
from monitoring.crosswalk_counts import counts_on_current_units
from monitoring.figures.periods import Period
from monitoring.models import Aggregation, CaseCount, Indicator
from tests.boundary_files import boundary_file_write, square
from tests.factories import establishment

pytestmark = pytest.mark.django_db

OLD_FROM, NEW_FROM = datetime.date(2020, 1, 1), datetime.date(2025, 7, 1)
RECT_C = "POLYGON((105 21.1, 105.2 21.1, 105.2 21.2, 105 21.2, 105 21.1))"
OLD = [
    {"code": "71001", "name": "Xã A", "wkt": square(105.0, 21.0, 0.1)},
    {"code": "71002", "name": "Xã B", "wkt": square(105.1, 21.0, 0.1)},
    {"code": "71003", "name": "Xã C", "wkt": RECT_C},
    {"code": "71004", "name": "Xã D", "wkt": square(105.5, 21.5, 0.1)},
]
NEW = [
    {"code": "71010", "name": "Xã AB", "wkt": "POLYGON((105 21, 105.2 21, 105.2 21.1, 105 21.1, 105 21))"},
    {"code": "71003", "name": "Xã C", "wkt": square(105.0, 21.1, 0.1)},
    {"code": "71011", "name": "Xã C2", "wkt": square(105.1, 21.1, 0.1)},
]


def import_units(tmp_path, name, units, valid_from):
    path = boundary_file_write(tmp_path / name, units)
    return boundaries_import(path=path, level="commune", valid_from=valid_from)


@pytest.fixture
def old_version(tmp_path):
    import_units(tmp_path, "old.geojson", OLD, OLD_FROM)
    return {unit.code: unit for unit in AdminUnit.current.filter(code__startswith="7100")}


@pytest.fixture
def indicators():
    flow = Indicator.objects.create(
        code="t-flow", name_vi="Bắt giữ", name_en="Arrests", aggregation=Aggregation.FLOW
    )
    stock = Indicator.objects.create(code="t-stock", name_vi="Người nghiện", name_en="Addicts")
    return flow, stock


def test_new_version_retires_changed_and_absent_units_and_keeps_the_rest(tmp_path, old_version):
    report = import_units(tmp_path, "new.geojson", NEW, NEW_FROM)
    assert (report.created, report.replaced, report.retired_absent) == (2, 1, 2)
    current = set(AdminUnit.current.filter(code__startswith="710").values_list("code", flat=True))
    assert current == {"71010", "71003", "71011", "71004"}
    for code in ("71001", "71002", "71003"):
        old = AdminUnit.objects.get(pk=old_version[code].pk)
        assert old.valid_to == NEW_FROM
    assert AdminUnit.objects.get(pk=old_version["71004"].pk).valid_to is None
    assert AdminUnit.current.get(code="71003").valid_from == NEW_FROM


def test_crosswalk_shares_sum_to_one_per_old_unit(tmp_path, old_version):
    import_units(tmp_path, "new.geojson", NEW, NEW_FROM)
    pairs = {
        (row.old_unit.code, row.new_unit.code): (round(row.share_of_old, 3), round(row.share_of_new, 3))
        for row in UnitCrosswalk.objects.select_related("old_unit", "new_unit")
    }
    assert pairs == {
        ("71001", "71010"): (1.0, 0.5),
        ("71002", "71010"): (1.0, 0.5),
        ("71003", "71003"): (0.5, 1.0),
        ("71003", "71011"): (0.5, 1.0),
    }
    for old in ("71001", "71002", "71003"):
        shares = UnitCrosswalk.objects.filter(old_unit=old_version[old]).values_list(
            "share_of_old", flat=True
        )
        assert sum(shares) == pytest.approx(1.0, abs=1e-9)
    overlap = UnitCrosswalk.objects.get(old_unit=old_version["71001"]).overlap_m2
    assert overlap == pytest.approx(old_version["71001"].area_m2, rel=1e-6)


def test_counts_stay_on_old_units_and_show_on_new_ones_through_the_crosswalk(
    tmp_path, old_version, indicators
):
    flow, stock = indicators
    january, february = datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)
    for code, value in (("71001", 10), ("71002", 20), ("71003", 30), ("71004", 7)):
        for indicator in (flow, stock):
            CaseCount.objects.create(unit=old_version[code], period=january, indicator=indicator, value=value)
            CaseCount.objects.create(
                unit=old_version[code], period=february, indicator=indicator, value=value + 2
            )
    import_units(tmp_path, "new.geojson", NEW, NEW_FROM)
    assert CaseCount.objects.filter(unit__in=old_version.values()).count() == 16
    new = {unit.code: unit.pk for unit in AdminUnit.current.filter(code__startswith="710")}
    month = counts_on_current_units(indicator=flow, period=january)
    assert {code: round(month[pk], 6) for code, pk in new.items()} == {
        "71010": 30.0,
        "71003": 15.0,
        "71011": 15.0,
        "71004": 7.0,
    }
    quarter = Period.parse("2024-Q1")
    flows = counts_on_current_units(indicator=flow, period=quarter)
    stocks = counts_on_current_units(indicator=stock, period=quarter)
    assert round(flows[new["71010"]], 6) == 10 + 12 + 20 + 22
    assert round(stocks[new["71010"]], 6) == 12 + 22
    assert round(stocks[new["71011"]], 6) == 16.0


def test_counts_follow_a_chain_of_two_versions(tmp_path, old_version, indicators):
    flow, _stock = indicators
    CaseCount.objects.create(
        unit=old_version["71003"], period=datetime.date(2024, 1, 1), indicator=flow, value=40
    )
    import_units(tmp_path, "new.geojson", NEW, NEW_FROM)
    merged = [NEW[0], {"code": "71012", "name": "Xã CC", "wkt": RECT_C}]
    import_units(tmp_path, "newer.geojson", merged, datetime.date(2026, 1, 1))
    values = counts_on_current_units(indicator=flow, period=datetime.date(2024, 1, 1))
    assert round(values[AdminUnit.current.get(code="71012").pk], 6) == 40.0


def test_places_move_to_the_commune_of_the_new_version(tmp_path, old_version):
    place = establishment(105.15, 21.15)
    assert place.commune_id == old_version["71003"].pk
    report = import_units(tmp_path, "new.geojson", NEW, NEW_FROM)
    place.refresh_from_db()
    assert place.commune == AdminUnit.current.get(code="71011")
    assert report.places_moved == 1


def test_user_areas_follow_a_unit_to_its_new_version(tmp_path, old_version):
    user = User.objects.create_user("canbo")
    UserArea.objects.create(user=user, unit=old_version["71003"])
    UserArea.objects.create(user=user, unit=old_version["71001"])
    report = import_units(tmp_path, "new.geojson", NEW, NEW_FROM)
    units = set(UserArea.objects.filter(user=user).values_list("unit_id", flat=True))
    assert AdminUnit.current.get(code="71003").pk in units
    assert any("canbo" in str(warning) and "71001" in str(warning) for warning in report.warnings)


def test_a_new_version_must_start_after_the_current_one(tmp_path, old_version):
    with pytest.raises(BoundaryImportError) as error:
        import_units(tmp_path, "new.geojson", NEW, OLD_FROM)
    assert "valid_from" in str(error.value)
    assert "71003" in str(error.value)
    assert AdminUnit.current.filter(code__startswith="710").count() == 4


def test_a_file_without_population_keeps_the_stored_populations(tmp_path):
    import_units(tmp_path, "with.geojson", [OLD[0] | {"population": 4321}], OLD_FROM)
    path = boundary_file_write(tmp_path / "without.geojson", [OLD[0] | {"name": "Xã A Mới"}])
    report = boundaries_import(path=path, level="commune", valid_from=NEW_FROM)
    unit = AdminUnit.current.get(code="71001")
    assert (report.updated, unit.name, unit.population) == (1, "Xã A Mới", 4321)


def test_a_code_cannot_start_again_before_its_earlier_version_ends(tmp_path, old_version):
    import_units(tmp_path, "new.geojson", NEW, NEW_FROM)
    path = boundary_file_write(tmp_path / "back.geojson", [OLD[0]])
    with translation.override("en"), pytest.raises(BoundaryImportError) as error:
        boundaries_import(path=path, level="commune", valid_from=datetime.date(2024, 1, 1))
    assert "feature 1, code 71001, field valid_from" in str(error.value)
    assert "2025-07-01" in str(error.value)


def test_children_follow_their_parent_to_its_new_version(tmp_path):
    province = [{"code": "71", "name": "Tỉnh T", "wkt": square(105.0, 21.0, 0.2)}]
    path = boundary_file_write(tmp_path / "p1.geojson", province)
    boundaries_import(path=path, level="province", valid_from=OLD_FROM)
    import_units(tmp_path, "old.geojson", OLD[:3], OLD_FROM)
    old_province = AdminUnit.current.get(code="71")
    assert set(AdminUnit.current.filter(parent=old_province).values_list("code", flat=True)) == {
        "71001",
        "71002",
        "71003",
    }
    bigger = [province[0] | {"wkt": square(105.0, 21.0, 0.25)}]
    path = boundary_file_write(tmp_path / "p2.geojson", bigger)
    report = boundaries_import(path=path, level="province", valid_from=NEW_FROM)
    new_province = AdminUnit.current.get(code="71")
    assert (report.replaced, new_province.valid_from) == (1, NEW_FROM)
    assert AdminUnit.objects.get(pk=old_province.pk).valid_to == NEW_FROM
    assert set(AdminUnit.current.filter(parent=new_province).values_list("code", flat=True)) == {
        "71001",
        "71002",
        "71003",
    }
    assert UnitCrosswalk.objects.get(old_unit=old_province).new_unit == new_province
