"""Validation rules as data, as in DHIS2: ``left operator right`` over one commune's
figures for one month, each side a sum of indicator codes and whole numbers joined by
``+`` or ``-`` (``relapses``, ``illegal_users - rehab_facility + 2``).

Two kinds of rules are checked alike:

- the built-in rules ``part ≤ whole``, one per indicator with a ``part_of``: derived
  from the indicator catalogue (one definition), never stored as rows, importance error;
- the :class:`~monitoring.models.ValidationRule` rows an administrator keeps (the
  seeded ``relapses_within_post_rehab`` is one).

**Missing values.** A rule is skipped for a commune-month when any indicator it names
is not reported there: a missing report is not a zero, and counting it as one would
flag (or pass) figures nobody gave. Completeness is the measure of what is missing.

>>> codes = {"relapses": 8, "post_rehab": 7}
>>> rule = Rule(code="r", name_vi="r", name_en="r", left=side_parse("relapses", indicators=codes),
...             operator="<=", right=side_parse("post_rehab + 2", indicators=codes), importance="error")
>>> rule.check({8: 5, 7: 2}), rule.check({8: 5, 7: 3}), rule.check({8: 5})
(Breach(rule='r', left=5, right=4), None, None)
"""

import operator as op
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.bilingual import in_language
from core.errors import BadInput

__all__ = [
    "OPERATORS",
    "Breach",
    "Rule",
    "Side",
    "Term",
    "part_whole_rule",
    "rules_broken",
    "side_parse",
]

OPERATORS = {"<=": op.le, "<": op.lt, ">=": op.ge, ">": op.gt, "==": op.eq, "!=": op.ne}
SYMBOLS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "==": "=", "!=": "≠"}
_CODE_START = set(string.ascii_letters + "_")
_CODE_CHARS = _CODE_START | set(string.digits)


@dataclass(frozen=True)
class Term:
    """One operand: an indicator (its id and code) or a whole number, with its sign."""

    sign: int
    text: str
    indicator: int | None = None
    number: int = 0


@dataclass(frozen=True)
class Side:
    """A parsed side; ``text`` is the expression as written."""

    text: str
    terms: tuple[Term, ...]

    @property
    def indicators(self) -> frozenset[int]:
        return frozenset(t.indicator for t in self.terms if t.indicator is not None)

    def value(self, values: Mapping[int, int]) -> int | None:
        """The sum over ``values`` (indicator id → value); None when an indicator is missing."""
        total = 0
        for term in self.terms:
            if term.indicator is None:
                total += term.sign * term.number
            elif term.indicator in values:
                total += term.sign * values[term.indicator]
            else:
                return None
        return total


def _refuse(text: str, parameter: str, reason: str) -> BadInput:
    return BadInput(
        _("%(side)s “%(text)s”: %(reason)s") % {"side": parameter, "text": text, "reason": reason},
        parameter=parameter,
        value=text,
    )


def side_parse(text: str, *, indicators: Mapping[str, int], parameter: str = "left") -> Side:
    """Read ``text`` with ``indicators`` (code → id); raise ``BadInput`` naming the
    position (counted from 1) and what was found there.

    >>> side_parse("a - 2", indicators={"a": 1}).terms
    (Term(sign=1, text='a', indicator=1, number=0), Term(sign=-1, text='2', indicator=None, number=2))
    """
    terms, sign, position, expect_operand = [], 1, 0, True
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
            continue
        start = position
        if expect_operand:
            if char in _CODE_START:
                while position < len(text) and text[position] in _CODE_CHARS:
                    position += 1
                code = text[start:position]
                if code not in indicators:
                    raise _refuse(
                        text,
                        parameter,
                        _(
                            "“%(code)s” at position %(position)s is not an indicator code; "
                            "known codes: %(codes)s."
                        )
                        % {"code": code, "position": start + 1, "codes": ", ".join(sorted(indicators))},
                    )
                terms.append(Term(sign, code, indicator=indicators[code]))
            elif char in string.digits:
                while position < len(text) and text[position] in string.digits:
                    position += 1
                terms.append(Term(sign, text[start:position], number=int(text[start:position])))
            else:
                raise _refuse(
                    text,
                    parameter,
                    _("“%(char)s” at position %(position)s: expected an indicator code or a whole number.")
                    % {"char": char, "position": start + 1},
                )
            expect_operand = False
        elif char in "+-":
            sign, position, expect_operand = (1 if char == "+" else -1), position + 1, True
        else:
            raise _refuse(
                text,
                parameter,
                _("“%(char)s” at position %(position)s: expected + or - between two terms.")
                % {"char": char, "position": start + 1},
            )
    if not terms:
        raise _refuse(text, parameter, _("empty: write indicator codes and whole numbers joined by + or -."))
    if expect_operand:
        raise _refuse(
            text,
            parameter,
            _("ends with “%(char)s” at position %(position)s: add an indicator code or a whole number.")
            % {"char": text.rstrip()[-1], "position": len(text.rstrip())},
        )
    return Side(text.strip(), tuple(terms))


@dataclass(frozen=True)
class Breach:
    """A rule that does not hold for one commune-month, with both sides' values."""

    rule: "Rule" = field(repr=False)
    left: int
    right: int

    def __repr__(self) -> str:
        return f"Breach(rule={self.rule.code!r}, left={self.left}, right={self.right})"

    @property
    def explanation(self) -> str:
        """Which rule fails and why, with both sides' values."""
        return _(
            "the rule “%(rule)s” does not hold: %(left)s = %(left_value)s is not %(operator)s "
            "%(right)s = %(right_value)s"
        ) % {
            "rule": self.rule.name,
            "left": self.rule.left.text,
            "left_value": self.left,
            "operator": self.rule.symbol,
            "right": self.rule.right.text,
            "right_value": self.right,
        }


@dataclass(frozen=True)
class Rule:
    """One rule ready to check; ``part_whole`` is ``(part id, whole id)`` for a built-in one."""

    code: str
    name_vi: str
    name_en: str
    left: Side
    operator: str
    right: Side
    importance: str
    part_whole: tuple[int, int] | None = None

    @property
    def builtin(self) -> bool:
        return self.part_whole is not None

    @property
    def name(self) -> str:
        """The name in the active language (Vietnamese unless English is chosen)."""
        return in_language(self.name_vi, self.name_en)

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.operator]

    @property
    def indicators(self) -> frozenset[int]:
        return self.left.indicators | self.right.indicators

    def check(self, values: Mapping[int, int]) -> Breach | None:
        """The breach over ``values`` (indicator id → value), or None when the rule holds
        or is skipped because an indicator it names is not reported."""
        left, right = self.left.value(values), self.right.value(values)
        if left is None or right is None or OPERATORS[self.operator](left, right):
            return None
        return Breach(self, left, right)


def part_whole_rule(part, whole) -> Rule:
    """The built-in rule ``part ≤ whole`` for two indicators (objects with ``id``, ``code``,
    ``name_vi`` and ``name_en``)."""
    return Rule(
        code=f"{part.code}_within_{whole.code}",
        name_vi=f"“{part.name_vi}” không vượt quá “{whole.name_vi}”",
        name_en=f"“{part.name_en}” does not exceed its whole “{whole.name_en}”",
        left=Side(part.code, (Term(1, part.code, indicator=part.id),)),
        operator="<=",
        right=Side(whole.code, (Term(1, whole.code, indicator=whole.id),)),
        importance="error",
        part_whole=(part.id, whole.id),
    )


def rules_broken(
    rules: Iterable[Rule], values: Mapping[int, int], *, touched: Iterable[int] | None = None
) -> list[Breach]:
    """Every breach of ``rules`` over one commune-month's ``values``. With ``touched``
    (the indicators being written), only rules naming one of them: a breach already
    stored and left alone is not the new figures' doing."""
    given = None if touched is None else set(touched)
    return [
        breach
        for rule in rules
        if given is None or rule.indicators & given
        if (breach := rule.check(values)) is not None
    ]
