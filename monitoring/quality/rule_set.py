"""The rules in force: the built-in ``part ≤ whole`` rules of the indicator catalogue,
then the active :class:`~monitoring.models.ValidationRule` rows, read once per write or
page (see :mod:`monitoring.quality.rules`)."""

import logging
from dataclasses import dataclass

from core.errors import BadInput
from monitoring.models import Indicator, ValidationRule
from monitoring.quality.rules import Rule, part_whole_rule, side_parse

__all__ = ["RuleSet", "rule_set_load", "validation_rule_compile"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RuleSet:
    """The rules to check; ``unreadable`` lists ``(code, message)`` of stored rules whose
    expression no longer reads (an indicator code changed): they are not checked."""

    rules: tuple[Rule, ...]
    unreadable: tuple[tuple[str, str], ...] = ()

    @property
    def errors(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.importance == "error")


def validation_rule_compile(row: ValidationRule, *, indicators: dict[str, int]) -> Rule:
    """A stored rule ready to check; ``BadInput`` (parameter ``left`` or ``right``) if a
    side does not read with ``indicators`` (code → id)."""
    return Rule(
        code=row.code,
        name_vi=row.name_vi,
        name_en=row.name_en,
        left=side_parse(row.left, indicators=indicators, parameter="left"),
        operator=row.operator,
        right=side_parse(row.right, indicators=indicators, parameter="right"),
        importance=row.importance,
    )


def rule_set_load() -> RuleSet:
    """Every rule in force, built-in first (in the catalogue's order), then the stored ones by code."""
    indicators = list(Indicator.objects.all())
    by_id = {indicator.id: indicator for indicator in indicators}
    codes = {indicator.code: indicator.id for indicator in indicators}
    rules = [part_whole_rule(i, by_id[i.part_of_id]) for i in indicators if i.part_of_id in by_id]
    unreadable = []
    for row in ValidationRule.objects.filter(active=True).order_by("code"):
        try:
            rules.append(validation_rule_compile(row, indicators=codes))
        except BadInput as error:
            logger.warning("validation rule %s is not checked: %s", row.code, error)
            unreadable.append((row.code, str(error)))
    return RuleSet(tuple(rules), tuple(unreadable))
