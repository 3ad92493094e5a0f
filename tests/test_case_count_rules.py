"""Case counts: one per unit, month and indicator; non-negative; a part never above its whole."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from monitoring.models import CaseCount, Indicator
from monitoring.services.case_counts import case_counts_record
from monitoring.services.errors import MonitoringError, PartExceedsWhole
from tests import factories

pytestmark = pytest.mark.django_db
MAY = datetime.date(2025, 5, 1)
SQUARE = "POLYGON((105 10, 105.01 10, 105.01 10.01, 105 10.01, 105 10))"


@pytest.fixture
def commune():
    return factories.unit("80001", SQUARE)


@pytest.fixture
def users():
    return Indicator.objects.get(code="illegal_users")


@pytest.fixture
def addicts():
    return Indicator.objects.get(code="addicts_managed")


def test_duplicate_case_count_is_rejected_by_the_database(commune, users):
    CaseCount.objects.create(unit=commune, period=MAY, indicator=users, value=3)
    with pytest.raises(IntegrityError, match="casecount_unique_unit_period_indicator"):
        CaseCount.objects.create(unit=commune, period=MAY, indicator=users, value=4)


def test_recording_the_same_month_again_updates_instead_of_duplicating(commune, users):
    case_counts_record(unit=commune, period=MAY, values={users: 3})
    case_counts_record(unit=commune, period=MAY, values={users: 5})
    assert list(CaseCount.objects.filter(unit=commune).values_list("value", flat=True)) == [5]


def test_negative_value_is_rejected_by_the_database(commune, users):
    with pytest.raises(IntegrityError, match="casecount_value_non_negative"):
        CaseCount.objects.create(unit=commune, period=MAY, indicator=users, value=-1)


def test_negative_value_is_rejected_by_the_service_with_a_clear_message(commune, users):
    with translation.override("en"), pytest.raises(MonitoringError) as error:
        case_counts_record(unit=commune, period=MAY, values={users: -2})
    assert (
        str(error.value) == "80001 2025-05: “Illegal drug users” = -2 is not a whole number of zero or more."
    )
    assert not CaseCount.objects.filter(unit=commune).exists()


def test_period_must_be_the_first_of_a_month(commune, users):
    with pytest.raises(IntegrityError, match="casecount_period_is_first_of_month"):
        CaseCount.objects.create(unit=commune, period=datetime.date(2025, 5, 2), indicator=users, value=1)


def test_part_exceeding_its_whole_is_rejected_by_the_database(commune, users, addicts):
    CaseCount.objects.create(unit=commune, period=MAY, indicator=users, value=10)
    with pytest.raises(IntegrityError, match="casecount_part_not_above_whole"), transaction.atomic():
        CaseCount.objects.create(unit=commune, period=MAY, indicator=addicts, value=11)
    CaseCount.objects.create(unit=commune, period=MAY, indicator=addicts, value=10)


def test_lowering_a_whole_below_its_part_is_rejected_by_the_database(commune, users, addicts):
    CaseCount.objects.create(unit=commune, period=MAY, indicator=addicts, value=7)
    whole = CaseCount.objects.create(unit=commune, period=MAY, indicator=users, value=9)
    whole.value = 6
    with pytest.raises(IntegrityError, match="casecount_part_not_above_whole"):
        whole.save()


def test_part_exceeding_its_whole_is_rejected_by_the_service_and_nothing_is_written(commune, users, addicts):
    with pytest.raises(PartExceedsWhole) as error:
        case_counts_record(unit=commune, period=MAY, values={users: 4, addicts: 5})
    assert str(error.value) == (
        "80001 2025-05: “Người nghiện có hồ sơ quản lý” = 5 is larger than its whole "
        "“Người sử dụng trái phép chất ma túy” = 4. A part can never exceed its whole: "
        "correct one of the two figures."
    )
    assert not CaseCount.objects.filter(unit=commune).exists()


def test_service_checks_a_part_against_the_stored_whole(commune, users, addicts):
    case_counts_record(unit=commune, period=MAY, values={users: 4})
    with pytest.raises(PartExceedsWhole):
        case_counts_record(unit=commune, period=MAY, values={addicts: 6})


def test_a_deferred_check_lets_whole_and_parts_change_together(commune, users, addicts):
    case_counts_record(unit=commune, period=MAY, values={users: 10, addicts: 8})
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS casecount_part_not_above_whole DEFERRED")
        CaseCount.objects.filter(unit=commune, indicator=users).update(value=3)
        CaseCount.objects.filter(unit=commune, indicator=addicts).update(value=2)
    values = dict(CaseCount.objects.filter(unit=commune).values_list("indicator__code", "value"))
    assert values == {"illegal_users": 3, "addicts_managed": 2}
