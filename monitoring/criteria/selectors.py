"""Reads for proposed classifications: the criteria set in force, yearly figures per
unit, and the proposal per unit next to the official class."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Func, IntegerField, QuerySet, Sum
from django.utils.translation import gettext

from core.errors import NotFound
from geo.models import AdminUnit, Level
from monitoring import disclosure
from monitoring.criteria.evaluate import (
    CriteriaSetSpec,
    CriterionSpec,
    Evaluation,
    Figures,
    Kind,
    Reason,
    RuleSpec,
    evaluate,
)
from monitoring.criteria.explain import Wording, rule_lines
from monitoring.figures.periods import Period
from monitoring.models import (
    Aggregation,
    CaseCount,
    Classification,
    CriteriaSet,
    Criterion,
    DrugClass,
    Indicator,
    KeyRouteMembership,
)

__all__ = [
    "NoCriteriaSet",
    "UnitProposal",
    "classification_proposals",
    "criteria_set_for",
    "explanation_wording",
    "yearly_figures",
]


class NoCriteriaSet(NotFound):
    """No active criteria set covers the year (404)."""

    def __init__(self, *, scheme: str | None, year: int) -> None:
        basis = scheme or "any legal basis"
        super().__init__(
            f"No active criteria set for {basis} in {year}: add one in the admin "
            f"(Criteria sets) valid from {year} or earlier."
        )


@dataclass(frozen=True)
class UnitProposal:
    """A unit's proposed class for a year, why, and the class an authority decided."""

    unit: AdminUnit
    year: int
    scheme: str
    figures: Figures
    evaluation: Evaluation
    official: str | None
    wording: Wording

    @property
    def proposed(self) -> str:
        return self.evaluation.proposed

    @property
    def fired_letters(self) -> tuple[str, ...]:
        return tuple(outcome.letter for outcome in self.evaluation.fired)

    @property
    def provisional(self) -> bool:
        """The proposal rests on a criterion not yet confirmed against the legal text."""
        return self.evaluation.provisional

    @property
    def agrees(self) -> bool | None:
        """Whether the proposal matches the official class; ``None`` when none was decided."""
        return None if self.official is None else self.official == self.proposed

    def explanation(self, drug_class: str | None = None) -> list[str]:
        """Lines for one rule's criteria (by default the proposed class's); [] if not classified."""
        outcome = self.evaluation.rule(drug_class or self.proposed)
        return [] if outcome is None else rule_lines(outcome, wording=self.wording)


def criteria_set_for(*, scheme: str | None = None, year: int) -> CriteriaSetSpec | None:
    """The active criteria set of ``scheme`` (any scheme if ``None``) in force in ``year``:
    the one with the latest ``valid_from`` not after ``year``."""
    sets = CriteriaSet.objects.filter(active=True, valid_from__lte=year)
    if scheme:
        sets = sets.filter(scheme=scheme)
    criteria_set = sets.order_by("-valid_from", "id").first()
    if criteria_set is None:
        return None
    rules = list(criteria_set.rules.all())
    criteria = list(
        Criterion.objects.filter(class_rule__criteria_set=criteria_set)
        .select_related("other_rule")
        .order_by("order", "id")
    )
    codes = {code for criterion in criteria for code in criterion.indicator_codes}
    labels = {i.code: i.unit for i in Indicator.objects.filter(code__in=codes)}
    children = defaultdict(list)
    for criterion in criteria:
        children[criterion.parent_id].append(criterion)

    def spec(criterion: Criterion) -> CriterionSpec:
        unit_labels = {labels.get(code, "") for code in criterion.indicator_codes}
        return CriterionSpec(
            letter=criterion.letter,
            kind=Kind(criterion.kind),
            description=criterion.description,
            indicators=tuple(criterion.indicator_codes),
            threshold=criterion.threshold,
            upper_bound=criterion.upper_bound,
            unit_label=unit_labels.pop() if len(unit_labels) == 1 else "",
            confirmed=criterion.confirmed,
            parts=tuple(spec(part) for part in children[criterion.pk]),
            other_class=criterion.other_rule.drug_class if criterion.other_rule else None,
        )

    return CriteriaSetSpec(
        id=criteria_set.pk,
        scheme=criteria_set.scheme,
        name=criteria_set.name,
        legal_reference=criteria_set.legal_reference,
        valid_from=criteria_set.valid_from,
        rules=tuple(
            RuleSpec(
                drug_class=rule.drug_class,
                min_criteria=rule.min_criteria,
                criteria=tuple(spec(c) for c in children[None] if c.class_rule_id == rule.pk),
            )
            for rule in rules
        ),
    )


def yearly_figures(*, units: Iterable[AdminUnit] | QuerySet, year: int) -> dict[int, dict[str, int]]:
    """Unit id → indicator code → the year's figure, in one query over case counts.

    A stock indicator gives the value of the latest month of ``year`` the unit reported it;
    a flow gives the sum over the year's months. Indicators never reported are absent.
    """
    unit_ids = units.values("pk") if isinstance(units, QuerySet) else [unit.pk for unit in units]
    latest = Func(
        ArrayAgg("value", order_by="-period"), template="(%(expressions)s)[1]", output_field=IntegerField()
    )
    rows = (
        CaseCount.objects.filter(unit_id__in=unit_ids, period__year=year)
        .values("unit_id", "indicator__code", "indicator__aggregation")
        .annotate(total=Sum("value"), latest=latest)
        .order_by()
    )
    figures: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        flow = row["indicator__aggregation"] == Aggregation.FLOW
        figures[row["unit_id"]][row["indicator__code"]] = row["total"] if flow else row["latest"]
    return dict(figures)


def explanation_wording() -> Wording:
    """The explanation's words in the active language."""
    return Wording(
        or_=gettext("or"),
        and_=gettext("and"),
        not_evaluated=gettext("not evaluated"),
        on_key_route=gettext("on a key drug route"),
        not_on_key_route=gettext("not on a key drug route"),
        criteria_of=gettext("criteria of"),
        unconfirmed=gettext("not confirmed"),
        reasons={
            Reason.NO_THRESHOLD: gettext("no threshold entered"),
            Reason.NO_POPULATION: gettext("no population recorded"),
            Reason.NO_FIGURES: gettext("no figures reported"),
            Reason.NO_RULE: gettext("no such class rule"),
            Reason.NO_PARTS: gettext("no sub-criteria entered"),
            Reason.UNDECIDED: gettext("depends on criteria not evaluated"),
        },
        class_labels={value: str(label) for value, label in DrugClass.choices},
    )


def _hidden(protection, sensitive: set[str], values: dict[str, int], shown: dict[str, object]):
    """The explanation's protection of one unit's figures: a criterion on sensitive
    indicators reads "<5" where one of their year figures is hidden (``shown``: the
    unit's year cell of each sensitive indicator in ``monitoring.disclosure``'s table, so a
    complementary "x" stays hidden too) or where their sum is 1 .. threshold - 1 (a share is
    hidden with its count)."""
    if protection is None or not protection.protect or not sensitive:
        return None

    def hidden(spec) -> str | None:
        if not sensitive.intersection(spec.indicators):
            return None
        if any(disclosure.is_hidden(shown.get(code)) for code in spec.indicators):
            return protection.marker
        reported = [values[code] for code in spec.indicators if code in values]
        total = sum(reported) if reported else None
        return protection.marker if disclosure.is_hidden(protection.total(total, sensitive=True)) else None

    return hidden


def classification_proposals(
    *,
    year: int,
    scheme: str | None = None,
    units: Iterable[AdminUnit] | QuerySet | None = None,
    protection: disclosure.Disclosure | None = None,
) -> list[UnitProposal]:
    """Per unit (current communes by default): the proposed class for ``year`` under the
    criteria set in force, the criteria that fired, and the official class to compare.
    ``protection`` (the reader's ``Disclosure``) hides small sensitive counts in the
    explanation lines.

    Raises :class:`NoCriteriaSet` when no active set of ``scheme`` covers ``year``.
    """
    criteria_set = criteria_set_for(scheme=scheme, year=year)
    if criteria_set is None:
        raise NoCriteriaSet(scheme=scheme, year=year)
    if units is None:
        units = AdminUnit.current.filter(level=Level.COMMUNE).order_by("code")
    units = list(units)
    unit_ids = [unit.pk for unit in units]
    figures = yearly_figures(units=units, year=year)
    on_route = set(
        KeyRouteMembership.objects.filter(year=year, unit_id__in=unit_ids).values_list("unit_id", flat=True)
    )
    decided = Classification.objects.filter(year=year, scheme=criteria_set.scheme, unit_id__in=unit_ids)
    official = dict(decided.values_list("unit_id", "drug_class"))
    wording = explanation_wording()
    sensitive_indicators = (
        list(Indicator.objects.filter(sensitive=True))
        if protection is not None and protection.protect
        else []
    )
    sensitive = {i.code for i in sensitive_indicators}
    year_cells = {
        i.code: protection.unit_values(indicator=i, period=Period.parse(str(year)), unit_ids=unit_ids)
        for i in sensitive_indicators
    }
    proposals = []
    for unit in units:
        shown = {code: cells.get(unit.pk) for code, cells in year_cells.items()}
        hidden = _hidden(protection, sensitive, figures.get(unit.pk, {}), shown)
        unit_figures = Figures(
            values=figures.get(unit.pk, {}), population=unit.population, on_key_route=unit.pk in on_route
        )
        proposals.append(
            UnitProposal(
                unit=unit,
                year=year,
                scheme=criteria_set.scheme,
                figures=unit_figures,
                evaluation=evaluate(criteria_set=criteria_set, figures=unit_figures),
                official=official.get(unit.pk),
                wording=wording if hidden is None else replace(wording, hidden=hidden),
            )
        )
    return proposals
