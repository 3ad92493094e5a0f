"""The classification part's detail: the border communes with their class and headline
figure, and the communes whose proposed class (``monitoring.criteria``, from the year's
figures) differs from the official class an authority decided."""

from dataclasses import dataclass

from geo.models import AdminUnit
from monitoring.criteria.selectors import NoCriteriaSet, classification_proposals
from monitoring.disclosure import Disclosure
from monitoring.figures.periods import Period
from monitoring.figures.values import UnitRow, classification_for_year
from monitoring.models import DrugClass
from monitoring.reports.figures import Figure, IndicatorLine, indicator_lines

__all__ = ["BorderCommune", "Disagreement", "border_communes", "disagreements"]


@dataclass(frozen=True)
class BorderCommune:
    code: str
    name: str
    drug_class: str  # its label; "" when no class was decided
    figure: Figure  # the headline indicator, this period and the same period last year


@dataclass(frozen=True)
class Disagreement:
    code: str
    name: str
    proposed: str
    official: str
    criteria: str  # the letters of the criteria that fired


def border_communes(
    *,
    units: list[UnitRow],
    headline: IndicatorLine,
    period: Period,
    comparison: Period,
    protection: Disclosure,
) -> list[BorderCommune]:
    """Each border commune of ``units`` (``AdminUnit.is_border``), by name, with the
    headline indicator's figures computed as the report's other figures are."""
    border = [u for u in units if u.is_border]
    if not border:
        return []
    (line,) = indicator_lines(
        period=period,
        comparison=comparison,
        units=border,
        group_by_parent=False,
        protection=protection,
        codes=[headline.code],
    )
    labels = dict(DrugClass.choices)
    classes = classification_for_year(year=period.end.year, unit_ids=[u.id for u in border])
    by_code = {u.code: u for u in border}
    return [
        BorderCommune(
            code=code,
            name=name,
            drug_class=str(labels[classes[by_code[code].id].drug_class])
            if by_code[code].id in classes
            else "",
            figure=figure,
        )
        for code, name, figure in sorted(line.parts, key=lambda part: part[1])
    ]


def disagreements(*, units: list[UnitRow], year: int, protection: Disclosure) -> list[Disagreement] | None:
    """The communes whose proposal for ``year`` differs from their official class
    (``None``: no criteria set covers the year, so nothing was proposed)."""
    try:
        proposals = classification_proposals(
            year=year,
            units=AdminUnit.objects.filter(pk__in=[u.id for u in units]).order_by("name", "code"),
            protection=protection,
        )
    except NoCriteriaSet:
        return None
    labels = dict(DrugClass.choices)
    return [
        Disagreement(
            code=p.unit.code,
            name=p.unit.name,
            proposed=str(labels[p.proposed]),
            official=str(labels[p.official]),
            criteria=", ".join(p.fired_letters) or "—",
        )
        for p in proposals
        if p.agrees is False
    ]
