"""Propose a drug class from a unit's yearly figures and say which criteria fired.

Pure logic, no Django imports: the criteria set arrives as plain dataclasses
(:func:`monitoring.criteria.selectors.criteria_set_for` builds them from the database).

Every criterion ends as fired, not met or not evaluated. Not evaluated means the answer
is unknown: no threshold entered yet, no population for a share, no figures reported.
Composites use three-valued logic: "any of" fires if one part fires and is not met only
if every part is not met; "all of" the other way round. A rule holds when at least
``min_criteria`` of its top-level criteria fired (all of them when ``min_criteria`` is
``None``). Rules are tried in the order given, most severe first; the first that holds
is the proposal, otherwise ``NOT_CLASSIFIED``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "NOT_CLASSIFIED",
    "CriteriaSetSpec",
    "CriterionOutcome",
    "CriterionSpec",
    "Evaluation",
    "Figures",
    "Kind",
    "Reason",
    "RuleOutcome",
    "RuleSpec",
    "Status",
    "evaluate",
]

NOT_CLASSIFIED = "none"


class Kind(StrEnum):
    SHARE = "share"
    COUNT = "count"
    ANY_OF = "any_of"
    ALL_OF = "all_of"
    ZERO = "zero"
    KEY_ROUTE = "key_route"
    MEETS_RULE = "meets_rule"


class Status(StrEnum):
    FIRED = "fired"
    NOT_MET = "not_met"
    NOT_EVALUATED = "not_evaluated"


class Reason(StrEnum):
    """Why a criterion was not evaluated."""

    NONE = ""
    NO_THRESHOLD = "no_threshold"
    NO_POPULATION = "no_population"
    NO_FIGURES = "no_figures"
    NO_RULE = "no_rule"
    NO_PARTS = "no_parts"
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class CriterionSpec:
    letter: str
    kind: Kind
    description: str = ""
    indicators: tuple[str, ...] = ()
    threshold: Decimal | None = None
    upper_bound: Decimal | None = None
    unit_label: str = ""
    confirmed: bool = True
    parts: tuple[CriterionSpec, ...] = ()
    other_class: str | None = None


@dataclass(frozen=True)
class RuleSpec:
    drug_class: str
    min_criteria: int | None
    criteria: tuple[CriterionSpec, ...]


@dataclass(frozen=True)
class CriteriaSetSpec:
    scheme: str
    name: str
    valid_from: int
    rules: tuple[RuleSpec, ...]
    legal_reference: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Figures:
    """One unit's year: indicator code → value, resident population, key-route fact."""

    values: Mapping[str, int | Decimal]
    population: int | None
    on_key_route: bool = False


@dataclass(frozen=True)
class CriterionOutcome:
    criterion: CriterionSpec
    status: Status
    measured: Decimal | bool | None = None
    reason: Reason = Reason.NONE
    parts: tuple[CriterionOutcome, ...] = ()  # sub-criteria, or the other rule's fired ones

    @property
    def letter(self) -> str:
        return self.criterion.letter

    @property
    def threshold(self) -> Decimal | None:
        return self.criterion.threshold

    @property
    def fired(self) -> bool:
        return self.status is Status.FIRED

    @property
    def confirmed(self) -> bool:
        """False if this criterion or one of its parts is an unconfirmed placeholder."""
        return self.criterion.confirmed and all(part.confirmed for part in self.parts)


@dataclass(frozen=True)
class RuleOutcome:
    rule: RuleSpec
    criteria: tuple[CriterionOutcome, ...]

    def _count(self, status: Status) -> int:
        return sum(outcome.status is status for outcome in self.criteria)

    @property
    def fired_count(self) -> int:
        return self._count(Status.FIRED)

    @property
    def not_evaluated_count(self) -> int:
        return self._count(Status.NOT_EVALUATED)

    @property
    def needed(self) -> int:
        return len(self.criteria) if self.rule.min_criteria is None else self.rule.min_criteria

    @property
    def holds(self) -> bool:
        return bool(self.criteria) and self.fired_count >= self.needed

    @property
    def undecided(self) -> bool:
        """Does not hold now but could once the criteria not evaluated are."""
        possible = self.fired_count + self.not_evaluated_count
        return not self.holds and bool(self.criteria) and possible >= self.needed


@dataclass(frozen=True)
class Evaluation:
    proposed: str
    rules: tuple[RuleOutcome, ...]

    def rule(self, drug_class: str) -> RuleOutcome | None:
        return next((outcome for outcome in self.rules if outcome.rule.drug_class == drug_class), None)

    @property
    def fired(self) -> tuple[CriterionOutcome, ...]:
        """The criteria that fired in the proposed class's rule."""
        outcome = self.rule(self.proposed)
        return tuple(c for c in outcome.criteria if c.fired) if outcome else ()

    @property
    def provisional(self) -> bool:
        """The proposal rests on a criterion not yet confirmed against the legal text."""
        return any(not outcome.confirmed for outcome in self.fired)

    @property
    def undecided_classes(self) -> tuple[str, ...]:
        """Classes more severe than the proposal whose rule might hold with missing thresholds."""
        classes = []
        for outcome in self.rules:
            if outcome.rule.drug_class == self.proposed:
                break
            if outcome.undecided:
                classes.append(outcome.rule.drug_class)
        return tuple(classes)


def evaluate(*, criteria_set: CriteriaSetSpec, figures: Figures) -> Evaluation:
    """Evaluate every rule of ``criteria_set`` on ``figures`` and propose a class."""
    evaluator = _Evaluator(criteria_set, figures)
    outcomes = tuple(evaluator.rule(rule.drug_class) for rule in criteria_set.rules)
    proposed = next((o.rule.drug_class for o in outcomes if o is not None and o.holds), NOT_CLASSIFIED)
    return Evaluation(proposed=proposed, rules=tuple(o for o in outcomes if o is not None))


class _Evaluator:
    def __init__(self, criteria_set: CriteriaSetSpec, figures: Figures) -> None:
        self.rules = {rule.drug_class: rule for rule in criteria_set.rules}
        self.figures = figures
        self.done: dict[str, RuleOutcome] = {}
        self.running: set[str] = set()

    def rule(self, drug_class: str | None) -> RuleOutcome | None:
        """The outcome of one rule, computed once; ``None`` if missing or circular."""
        if drug_class in self.done:
            return self.done[drug_class]
        if drug_class not in self.rules or drug_class in self.running:
            return None
        self.running.add(drug_class)
        rule = self.rules[drug_class]
        outcome = RuleOutcome(rule=rule, criteria=tuple(self.criterion(c) for c in rule.criteria))
        self.running.discard(drug_class)
        self.done[drug_class] = outcome
        return outcome

    def criterion(self, spec: CriterionSpec) -> CriterionOutcome:
        if spec.kind in (Kind.ANY_OF, Kind.ALL_OF):
            return self._composite(spec)
        if spec.kind == Kind.KEY_ROUTE:
            on_route = self.figures.on_key_route
            return CriterionOutcome(spec, Status.FIRED if on_route else Status.NOT_MET, on_route)
        if spec.kind == Kind.MEETS_RULE:
            return self._meets_rule(spec)
        total = self._sum(spec.indicators)
        if spec.kind == Kind.ZERO:
            if total is None:
                return CriterionOutcome(spec, Status.NOT_EVALUATED, None, Reason.NO_FIGURES)
            return CriterionOutcome(spec, Status.FIRED if total == 0 else Status.NOT_MET, total)
        return self._compare(spec, total)

    def _sum(self, codes: tuple[str, ...]) -> Decimal | None:
        values = [self.figures.values.get(code) for code in codes]
        if not values or any(value is None for value in values):
            return None
        return sum((Decimal(value) for value in values), Decimal(0))

    def _compare(self, spec: CriterionSpec, total: Decimal | None) -> CriterionOutcome:
        if spec.threshold is None:
            return CriterionOutcome(spec, Status.NOT_EVALUATED, None, Reason.NO_THRESHOLD)
        if total is None:
            return CriterionOutcome(spec, Status.NOT_EVALUATED, None, Reason.NO_FIGURES)
        measured = total
        if spec.kind == Kind.SHARE:
            if not self.figures.population:
                return CriterionOutcome(spec, Status.NOT_EVALUATED, None, Reason.NO_POPULATION)
            measured = total * 100 / Decimal(self.figures.population)
        within = measured >= spec.threshold and (spec.upper_bound is None or measured < spec.upper_bound)
        return CriterionOutcome(spec, Status.FIRED if within else Status.NOT_MET, measured)

    def _meets_rule(self, spec: CriterionSpec) -> CriterionOutcome:
        if spec.threshold is None:
            return CriterionOutcome(spec, Status.NOT_EVALUATED, None, Reason.NO_THRESHOLD)
        other = self.rule(spec.other_class)
        if other is None:
            return CriterionOutcome(spec, Status.NOT_EVALUATED, None, Reason.NO_RULE)
        fired = Decimal(other.fired_count)
        counted = tuple(outcome for outcome in other.criteria if outcome.fired)
        if fired >= spec.threshold:
            return CriterionOutcome(spec, Status.FIRED, fired, parts=counted)
        if fired + other.not_evaluated_count >= spec.threshold:
            return CriterionOutcome(spec, Status.NOT_EVALUATED, fired, Reason.UNDECIDED, counted)
        return CriterionOutcome(spec, Status.NOT_MET, fired, parts=counted)

    def _composite(self, spec: CriterionSpec) -> CriterionOutcome:
        parts = tuple(self.criterion(part) for part in spec.parts)
        if not parts:
            return CriterionOutcome(spec, Status.NOT_EVALUATED, None, Reason.NO_PARTS)
        statuses = {part.status for part in parts}
        decisive, other = (
            (Status.FIRED, Status.NOT_MET) if spec.kind == Kind.ANY_OF else (Status.NOT_MET, Status.FIRED)
        )
        if decisive in statuses:
            status = decisive
        elif statuses == {other}:
            status = other
        else:
            status = Status.NOT_EVALUATED
        return CriterionOutcome(spec, status, None, Reason.NONE, parts)
