"""Each commune's proposed class for a year, the criteria that fired and why, next to
the class the authority decided."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from monitoring.criteria.selectors import NoCriteriaSet, classification_proposals
from monitoring.models import CaseCount, Classification, Criterion, Indicator, KeyRouteMembership
from tests import factories

pytestmark = pytest.mark.django_db


def square(x: float) -> str:
    return f"POLYGON(({x} 11, {x + 0.01} 11, {x + 0.01} 11.01, {x} 11.01, {x} 11))"


def report(unit, year, **monthly):
    """``code={month: value}`` for one year."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=monthly)}
    CaseCount.objects.bulk_create(
        CaseCount(unit=unit, period=datetime.date(year, month, 1), indicator=indicators[code], value=value)
        for code, months in monthly.items()
        for month, value in months.items()
    )


def zeros(*codes):
    return {code: {12: 0} for code in codes}


@pytest.fixture
def communes():
    """Four communes of 10,000 people with 2025 figures, official classes and a key route."""
    hot, clean, offender, route = (
        factories.unit(f"8200{i}", square(106 + i * 0.02), population=10_000) for i in range(4)
    )
    report(
        hot,
        2025,
        illegal_users={1: 10, 12: 62},
        hotspots={12: 2},
        offenders_arrested={3: 4, 9: 6},
        **zeros("addicts_managed", "drug_plants_destroyed", "drug_crop_area_destroyed"),
    )
    report(clean, 2025, **zeros("illegal_users", "addicts_managed", "offenders_arrested"))
    report(offender, 2025, offenders_arrested={5: 1}, **zeros("illegal_users", "addicts_managed"))
    report(
        route,
        2025,
        illegal_users={12: 20},
        hotspots={12: 1},
        offenders_arrested={12: 10},
        drug_crop_area_destroyed={7: 800},
        **zeros("addicts_managed", "drug_plants_destroyed"),
    )
    Classification.objects.create(unit=hot, year=2025, scheme="qd28_2025", drug_class="type_1")
    Classification.objects.create(unit=clean, year=2025, scheme="qd28_2025", drug_class="type_3")
    KeyRouteMembership.objects.create(unit=route, year=2025, note="Quốc lộ 8")
    for letter, threshold in (("a", "0.1"), ("b", "1")):
        Criterion.objects.filter(
            class_rule__criteria_set__scheme="qd28_2025", class_rule__drug_class="type_3", letter=letter
        ).update(threshold=Decimal(threshold))
    return hot, clean, offender, route


def test_each_commune_gets_a_proposal_with_the_criteria_that_fired_and_the_official_class(communes):
    with translation.override("en"):
        hot, clean, offender, route = classification_proposals(year=2025, units=communes)
    assert [
        (p.unit.code, p.proposed, p.fired_letters, p.official, p.agrees)
        for p in (hot, clean, offender, route)
    ] == [
        ("82000", "type_1", ("a", "b", "c"), "type_1", True),
        ("82001", "drug_free", ("a", "b", "c"), "type_3", False),
        ("82002", "none", (), None, None),
        ("82003", "type_1", ("c", "d", "đ"), None, None),
    ]
    assert hot.scheme == "qd28_2025"
    # The units are named in the language the proposals were computed in (English here).
    assert hot.explanation()[:3] == [
        "a) 0,62 % ≥ 0,5 % ✓",
        "b) 2 hotspots ≥ 2 hotspots ✓",
        "c) 0,1 % ≥ 0,1 % ✓",
    ]
    assert (hot.provisional, clean.provisional) == (False, True)
    assert clean.explanation() == [
        "a) 0 people = 0 ✓ (not confirmed)",
        "b) 0 people = 0 ✓ (not confirmed)",
        "c) 0 people = 0 ✓ (not confirmed)",
    ]
    assert offender.explanation() == []
    assert offender.explanation("drug_free")[2] == "c) 1 people ≠ 0 ✗ (not confirmed)"
    assert route.explanation()[4] == (
        "đ) 2 criteria of Key area type III ≥ 2 and on a key drug route ✓ (not confirmed)"
    )


def test_the_explanation_follows_the_active_language(communes):
    with translation.override("vi"):
        (proposal,) = classification_proposals(year=2025, units=communes[3:])
    line = proposal.explanation()[4]
    assert "Địa bàn trọng điểm loại III ≥ 2" in line
    assert line.startswith("đ) 2 ") and " ✓" in line


def test_without_a_scheme_the_set_in_force_that_year_is_used():
    unit = factories.unit("82010", square(106.2), population=5000)
    report(unit, 2024, addicts_managed={12: 100}, illegal_users={12: 120})
    Classification.objects.create(unit=unit, year=2024, scheme="qd3122_2010", drug_class="type_2")
    Classification.objects.create(unit=unit, year=2024, scheme="qd28_2025", drug_class="type_1")
    (proposal,) = classification_proposals(year=2024, units=[unit])
    assert (proposal.scheme, proposal.proposed, proposal.fired_letters, proposal.official) == (
        "qd3122_2010",
        "type_1",
        ("a",),
        "type_2",
    )
    assert proposal.explanation()[0] == "a) 100 người ≥ 100 người ✓"


def test_a_year_without_a_criteria_set_is_refused_with_a_message():
    with pytest.raises(NoCriteriaSet) as error:
        classification_proposals(year=2009)
    assert str(error.value) == (
        "No active criteria set for any legal basis in 2009: add one in the admin (Criteria sets) "
        "valid from 2009 or earlier."
    )


def test_by_default_every_current_commune_is_proposed(communes):
    codes = {p.unit.code for p in classification_proposals(year=2025)}
    assert {"82000", "82001", "82002", "82003"} <= codes


def test_the_number_of_queries_does_not_grow_with_the_communes(communes, django_assert_num_queries):
    with django_assert_num_queries(7):
        classification_proposals(year=2025, units=communes[:1])
    with django_assert_num_queries(7):
        classification_proposals(year=2025, units=communes)


def test_explanation_lines_hide_small_sensitive_counts_from_a_protected_reader(communes):
    from monitoring.disclosure import Disclosure

    offender = communes[2]
    with translation.override("en"):
        (exact,) = classification_proposals(year=2025, units=[offender])
        (protected,) = classification_proposals(
            year=2025, units=[offender], protection=Disclosure(protect=True, threshold=5)
        )
    # c) is the share of offenders: 0,01 % of 10,000 residents gives the 1 offender back.
    assert "c) 0,01 % < 0,1 % ✗" in exact.explanation("type_1")
    assert "c) <5 ✗" in protected.explanation("type_1")
    assert "a) 0 % < 0,5 % ✗" in protected.explanation("type_1")  # zero users: shown
    assert [p.proposed for p in (exact, protected)] == [exact.proposed] * 2  # only the lines change
