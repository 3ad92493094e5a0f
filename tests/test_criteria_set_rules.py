"""The database keeps criteria sets coherent whatever writes them: one letter per rule,
thresholds not negative, bands ordered, fields only where the kind uses them."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from monitoring.models import ClassRule, CriteriaSet, Criterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule():
    return ClassRule.objects.get(criteria_set__scheme="qd28_2025", drug_class="type_3")


def add(rule, **fields):
    defaults = {"letter": "x", "description": "thử", "kind": "count", "indicator_codes": ["hotspots"]}
    return Criterion.objects.create(class_rule=rule, **(defaults | fields))


def test_a_letter_is_used_once_per_rule(rule):
    with pytest.raises(IntegrityError, match="criterion_unique_letter_per_rule"):
        add(rule, letter="a")


def test_a_threshold_is_never_negative(rule):
    with pytest.raises(IntegrityError, match="criterion_threshold_non_negative"):
        add(rule, threshold=Decimal("-1"))


def test_an_upper_bound_lies_above_its_threshold(rule):
    with pytest.raises(IntegrityError, match="criterion_upper_bound_above_threshold"):
        add(rule, threshold=Decimal(2), upper_bound=Decimal(2))


def test_an_upper_bound_needs_a_threshold(rule):
    with pytest.raises(IntegrityError, match="criterion_upper_bound_above_threshold"):
        add(rule, upper_bound=Decimal(2))


def test_a_count_reads_at_least_one_indicator(rule):
    with pytest.raises(IntegrityError, match="criterion_indicators_only_where_read"):
        add(rule, indicator_codes=[])


def test_a_key_route_criterion_has_no_threshold(rule):
    with pytest.raises(IntegrityError, match="criterion_threshold_only_where_compared"):
        add(rule, kind="key_route", indicator_codes=[], threshold=Decimal(1))


def test_only_a_meets_rule_criterion_names_another_rule(rule):
    with pytest.raises(IntegrityError, match="criterion_other_rule_only_for_meets_rule"):
        add(rule, kind="meets_rule", indicator_codes=[], threshold=Decimal(2))


def test_one_class_rule_per_class_in_a_set(rule):
    with pytest.raises(IntegrityError, match="classrule_one_per_class"):
        ClassRule.objects.create(criteria_set=rule.criteria_set, drug_class="type_3", min_criteria=1)


def test_not_classified_is_no_rule(rule):
    with pytest.raises(IntegrityError, match="classrule_class_known"):
        ClassRule.objects.create(criteria_set=rule.criteria_set, drug_class="none", min_criteria=1)


def test_one_active_set_per_legal_basis_and_year():
    with pytest.raises(IntegrityError, match="criteriaset_one_active_per_scheme_year"), transaction.atomic():
        CriteriaSet.objects.create(scheme="qd28_2025", name="bản sao", valid_from=2025)
    CriteriaSet.objects.create(scheme="qd28_2025", name="bản nháp", valid_from=2025, active=False)


def test_deleting_a_set_takes_its_rules_and_criteria_along():
    CriteriaSet.objects.get(scheme="qd28_2025").delete()
    assert not Criterion.objects.filter(class_rule__criteria_set__scheme="qd28_2025").exists()
