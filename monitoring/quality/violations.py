"""Which stored figures break a validation rule: for one month, every commune of an
area (optionally one district) checked against every rule in force, with both sides'
values, the cell to open, and a count per rule."""

import datetime
from dataclasses import dataclass

from django.db.models import Max

from geo.areas import Area
from monitoring.imports.selectors import communes_in_area
from monitoring.models import CaseCount
from monitoring.quality.rule_set import RuleSet, rule_set_load
from monitoring.quality.rules import Breach, Rule, rules_broken

__all__ = ["RuleCount", "Violation", "rule_violations", "rule_violations_default_month"]


@dataclass(frozen=True)
class Violation:
    """One rule broken by one commune's figures; ``indicator_id`` is the cell to open
    (the rule's first indicator, left side first)."""

    breach: Breach
    unit_id: int
    unit_code: str
    unit_name: str
    district_code: str
    district_name: str

    @property
    def rule(self) -> Rule:
        return self.breach.rule

    @property
    def indicator_id(self) -> int:
        return next(t.indicator for t in self.rule.left.terms + self.rule.right.terms if t.indicator)


@dataclass(frozen=True)
class RuleCount:
    rule: Rule
    violations: int


def _communes(area: Area, district_code: str | None):
    communes = communes_in_area(area=area)
    return communes.filter(parent__code=district_code) if district_code else communes


def rule_violations_default_month(*, area: Area) -> datetime.date | None:
    """The latest month with figures in ``area`` (None: no figures at all)."""
    units = communes_in_area(area=area).values("id")
    return CaseCount.objects.filter(unit__in=units).aggregate(latest=Max("period"))["latest"]


def rule_violations(
    *, area: Area, period: datetime.date, district_code: str | None = None, rule_set: RuleSet | None = None
) -> tuple[list[Violation], list[RuleCount]]:
    """Every violation in ``period`` by rule then district and commune code, and the
    count for each rule in force (zero included)."""
    rule_set = rule_set or rule_set_load()
    communes = {c.id: c for c in _communes(area, district_code)}
    values: dict[int, dict[int, int]] = {}
    rows = CaseCount.objects.filter(period=period, unit__in=list(communes)).values_list(
        "unit_id", "indicator_id", "value"
    )
    for unit_id, indicator_id, value in rows:
        values.setdefault(unit_id, {})[indicator_id] = value
    found = []
    for unit_id, figures in values.items():
        commune = communes[unit_id]
        parent = commune.parent
        for breach in rules_broken(rule_set.rules, figures):
            found.append(
                Violation(
                    breach,
                    unit_id,
                    commune.code,
                    commune.name,
                    parent.code if parent else "",
                    parent.name if parent else "",
                )
            )
    order = {id(rule): index for index, rule in enumerate(rule_set.rules)}
    found.sort(key=lambda v: (order[id(v.rule)], v.district_code, v.unit_code))
    counts = [RuleCount(rule, sum(v.rule is rule for v in found)) for rule in rule_set.rules]
    return found, counts
