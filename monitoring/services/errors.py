"""Typed errors raised by monitoring services; messages say what, where and how to fix.
They belong to the project's one hierarchy (``core.errors``)."""

from django.utils.translation import gettext as _

from core.errors import BadInput

__all__ = ["MonitoringError", "PartExceedsWhole", "RuleBroken"]


class MonitoringError(BadInput):
    """Bad input a user can correct (400), found by a monitoring service."""


class PartExceedsWhole(MonitoringError):
    code = "part_exceeds_whole"

    def __init__(
        self, *, unit_code: str, period, part: str, part_value: int, whole: str, whole_value: int
    ) -> None:
        self.unit_code, self.period = unit_code, period
        self.part, self.part_value, self.whole, self.whole_value = (
            part,
            part_value,
            whole,
            whole_value,
        )
        super().__init__(
            parameter=part,
            value=part_value,
            message=f"{unit_code} {period:%Y-%m}: “{part}” = {part_value} is larger than its whole "
            f"“{whole}” = {whole_value}. A part can never exceed its whole: correct one of "
            "the two figures.",
        )


class RuleBroken(MonitoringError):
    """Figures that break a validation rule of importance error
    (:mod:`monitoring.quality.rules`); ``parameter`` is the rule's code."""

    code = "rule_broken"

    def __init__(self, *, unit_code: str, period, breach) -> None:
        self.breach = breach
        super().__init__(
            parameter=breach.rule.code,
            value=breach.left,
            message=_("%(unit)s %(month)s: %(rule)s. Correct the wrong figure.")
            % {"unit": unit_code, "month": f"{period:%Y-%m}", "rule": breach.explanation},
        )
