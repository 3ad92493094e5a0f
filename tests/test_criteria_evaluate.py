"""The seeded criteria sets propose a class from a commune's yearly figures and explain,
criterion by criterion, what fired, what was not met and what could not be evaluated."""

from decimal import Decimal

import pytest

from monitoring.criteria.evaluate import NOT_CLASSIFIED, Figures, evaluate
from monitoring.criteria.explain import Wording, number, rule_lines, rule_summary
from monitoring.criteria.selectors import criteria_set_for
from monitoring.models import Criterion, DrugClass

pytestmark = pytest.mark.django_db
WORDING = Wording(class_labels={"type_3": "loại III"})
ZEROS = {
    "illegal_users": 0,
    "addicts_managed": 0,
    "hotspots": 0,
    "offenders_arrested": 0,
    "drug_plants_destroyed": 0,
    "drug_crop_area_destroyed": 0,
}


def qd28(figures, *, population=10_000, on_key_route=False):
    criteria_set = criteria_set_for(scheme="qd28_2025", year=2025)
    return evaluate(
        criteria_set=criteria_set,
        figures=Figures(values=ZEROS | figures, population=population, on_key_route=on_key_route),
    )


def lines(evaluation, drug_class):
    return rule_lines(evaluation.rule(drug_class), wording=WORDING)


def enter_threshold(drug_class, letter, value, scheme="qd28_2025"):
    """What an administrator does in the admin: type the threshold from the legal text."""
    criterion = Criterion.objects.get(
        class_rule__criteria_set__scheme=scheme, class_rule__drug_class=drug_class, letter=letter
    )
    criterion.threshold = Decimal(value)
    criterion.save()


def test_type_one_when_exactly_three_criteria_fire():
    evaluation = qd28({"illegal_users": 62, "hotspots": 2, "offenders_arrested": 10})
    assert (evaluation.proposed, evaluation.provisional) == ("type_1", False)
    assert [c.letter for c in evaluation.fired] == ["a", "b", "c"]
    assert lines(evaluation, "type_1") == [
        "a) 0,62 % ≥ 0,5 % ✓",
        "b) 2 điểm ≥ 2 điểm ✓",
        "c) 0,1 % ≥ 0,1 % ✓",
        "d) 0 cây < 3.000 cây or 0 m² < 750 m² ✗",
        "đ) not evaluated: depends on criteria not evaluated and not on a key drug route ✗",
    ]
    assert rule_summary(evaluation.rule("type_1")) == "type_1: 3/5 ≥ 3 ✓"


def test_two_criteria_of_type_one_are_not_enough_and_unentered_thresholds_leave_lower_classes_open():
    evaluation = qd28({"illegal_users": 62, "hotspots": 2, "offenders_arrested": 5})
    assert evaluation.proposed == NOT_CLASSIFIED
    assert lines(evaluation, "type_1")[:3] == [
        "a) 0,62 % ≥ 0,5 % ✓",
        "b) 2 điểm ≥ 2 điểm ✓",
        "c) 0,05 % < 0,1 % ✗",
    ]
    assert lines(evaluation, "type_2") == [
        "a) not evaluated: no threshold entered",
        "b) 2 điểm ∉ [1 điểm; 2 điểm) ✗ (not confirmed)",
        "c) 0,05 % ∈ [0,05 %; 0,1 %) ✓ (not confirmed)",
        "d) not evaluated: no threshold entered or 0 m² ∉ [125 m²; 750 m²)",
        "đ) not evaluated: no threshold entered and not on a key drug route ✗ (not confirmed)",
    ]
    assert evaluation.undecided_classes == ("type_2", "type_3")


def test_type_two_with_thresholds_an_administrator_entered():
    enter_threshold("type_2", "a", "0.3")
    enter_threshold("type_2", "d.1", "500")
    evaluation = qd28({"illegal_users": 40, "hotspots": 1, "offenders_arrested": 7})
    assert (evaluation.proposed, evaluation.provisional) == ("type_2", True)
    assert lines(evaluation, "type_2") == [
        "a) 0,4 % ≥ 0,3 % ✓ (not confirmed)",
        "b) 1 điểm ∈ [1 điểm; 2 điểm) ✓ (not confirmed)",
        "c) 0,07 % ∈ [0,05 %; 0,1 %) ✓ (not confirmed)",
        "d) 0 cây < 500 cây or 0 m² ∉ [125 m²; 750 m²) ✗ (not confirmed)",
        "đ) not evaluated: no threshold entered and not on a key drug route ✗ (not confirmed)",
    ]


def test_type_three_with_a_threshold_an_administrator_entered():
    enter_threshold("type_3", "b", "1")
    evaluation = qd28({"illegal_users": 10, "hotspots": 1})
    assert evaluation.proposed == "type_3"
    assert lines(evaluation, "type_3") == [
        "a) not evaluated: no threshold entered",
        "b) 1 điểm ≥ 1 điểm ✓ (not confirmed)",
        "c) not evaluated: no threshold entered",
        "d) not evaluated: no threshold entered",
    ]


def test_unconfirmed_criteria_without_a_threshold_are_never_fired_but_reported_not_evaluated():
    evaluation = qd28({"illegal_users": 500, "hotspots": 9, "offenders_arrested": 90})
    type_three = evaluation.rule("type_3")
    assert {c.status for c in type_three.criteria} == {"not_evaluated"}
    assert type_three.fired_count == 0
    assert not type_three.holds


def test_drug_free_when_there_are_no_users_addicts_or_offenders():
    evaluation = qd28({})
    assert (evaluation.proposed, evaluation.provisional) == ("drug_free", True)
    assert lines(evaluation, "drug_free") == [
        "a) 0 người = 0 ✓ (not confirmed)",
        "b) 0 người = 0 ✓ (not confirmed)",
        "c) 0 người = 0 ✓ (not confirmed)",
    ]


def test_one_drug_offender_means_not_drug_free():
    evaluation = qd28({"offenders_arrested": 1})
    assert evaluation.proposed == NOT_CLASSIFIED
    assert lines(evaluation, "drug_free")[2] == "c) 1 người ≠ 0 ✗ (not confirmed)"


def test_drug_free_is_not_evaluated_without_figures():
    criteria_set = criteria_set_for(scheme="qd28_2025", year=2025)
    evaluation = evaluate(criteria_set=criteria_set, figures=Figures(values={}, population=10_000))
    assert evaluation.proposed == NOT_CLASSIFIED
    assert lines(evaluation, "drug_free")[0] == "a) not evaluated: no figures reported"


def test_criterion_d_fires_on_a_key_route_with_two_type_three_criteria():
    enter_threshold("type_3", "a", "0.1")
    enter_threshold("type_3", "b", "1")
    figures = {"illegal_users": 20, "hotspots": 1, "offenders_arrested": 10, "drug_crop_area_destroyed": 800}
    on_route = qd28(figures, on_key_route=True)
    assert (on_route.proposed, on_route.provisional) == ("type_1", True)
    assert [c.letter for c in on_route.fired] == ["c", "d", "đ"]
    assert lines(on_route, "type_1")[3:] == [
        "d) 0 cây < 3.000 cây or 800 m² ≥ 750 m² ✓",
        "đ) 2 criteria of loại III ≥ 2 and on a key drug route ✓ (not confirmed)",
    ]
    off_route = qd28(figures, on_key_route=False)
    assert off_route.proposed == "type_3"
    assert lines(off_route, "type_1")[4] == (
        "đ) 2 criteria of loại III ≥ 2 and not on a key drug route ✗ (not confirmed)"
    )


def test_share_criteria_are_not_evaluated_without_a_population():
    evaluation = qd28({"illegal_users": 62}, population=None)
    assert lines(evaluation, "type_1")[0] == "a) not evaluated: no population recorded"


def test_qd3122_type_one_needs_any_one_criterion():
    criteria_set = criteria_set_for(scheme="qd3122_2010", year=2015)
    evaluation = evaluate(
        criteria_set=criteria_set,
        figures=Figures(values=ZEROS | {"addicts_managed": 100, "illegal_users": 100}, population=5000),
    )
    assert (evaluation.proposed, evaluation.provisional) == ("type_1", False)
    assert lines(evaluation, "type_1") == [
        "a) 100 người ≥ 100 người ✓",
        "b) 0 điểm < 5 điểm ✗",
        "c) 0 m² < 2.000 m² ✗",
    ]
    assert lines(evaluation, "type_2") == [
        "a) not evaluated: no threshold entered",
        "b) not evaluated: no threshold entered",
        "c) not evaluated: no threshold entered",
    ]


def test_qd3122_below_every_type_one_threshold_is_not_classified():
    criteria_set = criteria_set_for(scheme="qd3122_2010", year=2015)
    figures = Figures(
        values=ZEROS | {"addicts_managed": 99, "hotspots": 4, "drug_crop_area_destroyed": 1999},
        population=5000,
    )
    assert evaluate(criteria_set=criteria_set, figures=figures).proposed == NOT_CLASSIFIED


def test_the_set_in_force_is_the_latest_valid_from_not_after_the_year():
    assert criteria_set_for(year=2024).scheme == "qd3122_2010"
    assert criteria_set_for(year=2025).scheme == "qd28_2025"
    assert criteria_set_for(year=2009) is None
    assert criteria_set_for(scheme="healthy_commune", year=2025) is None


def test_seeded_placeholders_are_flagged_for_an_administrator():
    unconfirmed = Criterion.objects.filter(confirmed=False)
    assert unconfirmed.exists()
    assert all(c.note.startswith("chưa xác nhận — cần quản trị viên nhập theo văn bản") for c in unconfirmed)
    type_one = Criterion.objects.filter(
        class_rule__criteria_set__scheme="qd28_2025", class_rule__drug_class="type_1"
    )
    assert all(type_one.values_list("confirmed", flat=True))
    assert not Criterion.objects.filter(
        confirmed=True, threshold__isnull=True, kind__in=["share", "count"]
    ).exists()


def test_shares_are_rounded_for_display_but_never_across_the_threshold():
    assert lines(qd28({"illegal_users": 7}, population=3000), "type_1")[0] == "a) 0,23 % < 0,5 % ✗"
    assert lines(qd28({"illegal_users": 4999}, population=1_000_000), "type_1")[0] == "a) 0,4999 % < 0,5 % ✗"
    assert number(Decimal("1234567.50")) == "1.234.567,5"


def test_the_pure_not_classified_value_is_the_model_choice():
    assert NOT_CLASSIFIED == DrugClass.NOT_CLASSIFIED
