"""Explain an evaluation line by line, with Vietnamese number formats.

Pure logic, no Django imports. Comparisons are written with symbols, e.g.
``a) 0,62 % ≥ 0,5 % ✓`` (fired), ``b) 1 điểm < 2 điểm ✗`` (not met), and for a band
(threshold ≤ value < upper bound) ``c) 0,07 % ∈ [0,05 %; 0,1 %) ✓``. A criterion not evaluated says why
and carries no mark: ``a) not evaluated: no threshold entered``. A criterion evaluated
on a placeholder not yet confirmed against the legal text says so after its mark. The few words come from
:class:`Wording`, English by default; the selectors pass translated words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from monitoring.criteria.evaluate import CriterionOutcome, CriterionSpec, Kind, Reason, RuleOutcome, Status

__all__ = ["Wording", "criterion_line", "number", "rule_lines", "rule_summary"]

MARKS = {Status.FIRED: " ✓", Status.NOT_MET: " ✗", Status.NOT_EVALUATED: ""}
REASONS = {
    Reason.NO_THRESHOLD: "no threshold entered",
    Reason.NO_POPULATION: "no population recorded",
    Reason.NO_FIGURES: "no figures reported",
    Reason.NO_RULE: "no such class rule",
    Reason.NO_PARTS: "no sub-criteria entered",
    Reason.UNDECIDED: "depends on criteria not evaluated",
}


@dataclass(frozen=True)
class Wording:
    or_: str = "or"
    and_: str = "and"
    not_evaluated: str = "not evaluated"
    on_key_route: str = "on a key drug route"
    not_on_key_route: str = "not on a key drug route"
    criteria_of: str = "criteria of"
    unconfirmed: str = "not confirmed"
    reasons: Mapping[str, str] = field(default_factory=lambda: dict(REASONS))
    class_labels: Mapping[str, str] = field(default_factory=dict)
    # Small-count protection of a measured figure (``monitoring.disclosure`` via the
    # selectors): the marker that replaces it ("<5"), or None to show it.
    hidden: Callable[[CriterionSpec], str | None] | None = None

    def class_label(self, drug_class: str | None) -> str:
        return self.class_labels.get(drug_class or "", drug_class or "")


def number(value: Decimal | int) -> str:
    """``1234.5`` → ``1.234,5``: dot between thousands, comma before decimals."""
    value = Decimal(value)
    sign, value = ("-" if value < 0 else ""), abs(value)
    whole, _, decimals = format(value, "f").partition(".")
    decimals = decimals.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + decimals if decimals else "")


def criterion_line(outcome: CriterionOutcome, *, wording: Wording | None = None) -> str:
    """One line for one criterion: letter, comparison, mark."""
    wording = wording or Wording()
    line = f"{outcome.letter}) {_body(outcome, wording)}{MARKS[outcome.status]}"
    if outcome.status is not Status.NOT_EVALUATED and not outcome.confirmed:
        line += f" ({wording.unconfirmed})"
    return line


def rule_lines(outcome: RuleOutcome, *, wording: Wording | None = None) -> list[str]:
    return [criterion_line(criterion, wording=wording) for criterion in outcome.criteria]


def rule_summary(outcome: RuleOutcome, *, wording: Wording | None = None) -> str:
    """E.g. ``type_1: 3/5 ≥ 3 ✓``: criteria fired out of all, against the number needed."""
    wording = wording or Wording()
    mark = " ✓" if outcome.holds else " ✗"
    label = wording.class_label(outcome.rule.drug_class)
    return f"{label}: {outcome.fired_count}/{len(outcome.criteria)} ≥ {outcome.needed}{mark}"


def _body(outcome: CriterionOutcome, wording: Wording) -> str:
    spec = outcome.criterion
    if outcome.status is Status.NOT_EVALUATED and outcome.reason:
        reason = wording.reasons.get(outcome.reason, outcome.reason)
        return f"{wording.not_evaluated}: {reason}"
    if spec.kind in (Kind.ANY_OF, Kind.ALL_OF):
        if all(part.status is Status.NOT_EVALUATED and part.reason for part in outcome.parts):
            reasons = dict.fromkeys(wording.reasons.get(part.reason, part.reason) for part in outcome.parts)
            return f"{wording.not_evaluated}: {', '.join(reasons)}"
        joiner = f" {wording.or_ if spec.kind == Kind.ANY_OF else wording.and_} "
        return joiner.join(_body(part, wording) for part in outcome.parts)
    if spec.kind == Kind.KEY_ROUTE:
        return wording.on_key_route if outcome.measured else wording.not_on_key_route
    if spec.kind == Kind.MEETS_RULE:
        sign = "≥" if outcome.fired else "<"
        counted = f"{number(outcome.measured)} {wording.criteria_of} {wording.class_label(spec.other_class)}"
        return f"{counted} {sign} {number(spec.threshold)}"
    suffix = " %" if spec.kind == Kind.SHARE else (f" {spec.unit_label}" if spec.unit_label else "")
    if wording.hidden is not None and (marker := wording.hidden(spec)) is not None:
        return marker if spec.kind == Kind.SHARE else f"{marker}{suffix}"  # a share would give the count
    if spec.kind == Kind.ZERO:
        return f"{number(outcome.measured)}{suffix} {'=' if outcome.fired else '≠'} 0"
    return _comparison(outcome, suffix)


def _comparison(outcome: CriterionOutcome, suffix: str) -> str:
    spec = outcome.criterion
    low, high = spec.threshold, spec.upper_bound
    measured = _shown(outcome.measured, (low, high))

    def q(value: Decimal) -> str:
        return f"{number(value)}{suffix}"

    if high is not None:
        return f"{q(measured)} {'∈' if outcome.fired else '∉'} [{q(low)}; {q(high)})"
    return f"{q(measured)} {'≥' if outcome.fired else '<'} {q(low)}"


def _shown(value: Decimal, bounds: tuple[Decimal | None, ...]) -> Decimal:
    """Round to 2 decimals, or more when rounding would blur a comparison with a bound."""
    for places in (2, 4, 6):
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if all((rounded >= bound) == (value >= bound) for bound in bounds if bound is not None):
            return rounded
    return value
