"""Figures for the public view: aggregated counts per district (or commune) with small
counts protected, so nothing a wide audience sees can single out a person.

Protection is ``monitoring.disclosure`` for a public output (the same rules, threshold
and markers as the exports and the risk map): a sensitive indicator's figure from 1 to
``threshold - 1`` is "<threshold", the cell that would give a single hidden one away (or
the figure of a hidden parent) is "x", zero is 0; the whole map's total is the province's
cell of the same table where one province is shown, else follows rule 1.

A period not every commune has reported is labelled as on the risk map
(``monitoring.figures.completeness``): the total with the share of communes reported,
each district whose communes have not all reported with its own share.
"""

from dataclasses import dataclass, field

from monitoring import disclosure
from monitoring.figures.completeness import Completeness, Reporting, period_completeness
from monitoring.figures.periods import Period
from monitoring.figures.values import UnitRow, indicator_values, units_for_map
from monitoring.models import Indicator

__all__ = ["PublicFigures", "public_figures"]


@dataclass(frozen=True)
class PublicFigures:
    indicator: Indicator
    period: Period
    level: str
    units: list[UnitRow]
    shown: dict[str, int | str | None]  # by unit code: a count, "<5", "x", or None (no report)
    total: int | str | None
    threshold: int
    completeness: Completeness | None = None  # of every commune shown
    reporting: dict[str, Reporting] = field(default_factory=dict)  # by district code


def public_figures(*, indicator: Indicator, period: Period) -> PublicFigures:
    """The indicator per district (per commune where there are no districts) for ``period``."""
    protection = disclosure.disclosure_for(public=True)
    communes = units_for_map(level="commune")
    values = indicator_values(indicator=indicator, period=period, unit_ids=[c.id for c in communes])
    completeness = period_completeness(indicator=indicator, period=period, unit_ids=[c.id for c in communes])
    districts = units_for_map(level="district")
    units, level = (districts, "district") if districts else (communes, "commune")
    if districts:
        sums = disclosure.group_totals(
            {c.id: values[c.id] for c in communes}, groups={c.id: c.parent_code for c in communes}
        )
        raw = {d.code: sums.get(d.code) for d in districts}
        reporting = {
            d.code: completeness.among(c.id for c in communes if c.parent_code == d.code) for d in districts
        }
    else:
        raw = {c.code: values[c.id] for c in communes}
        reporting = {}  # a commune has reported or shows no figure
    raw = {code: None if v is None else int(v) for code, v in raw.items()}
    protected = protection.unit_values(indicator=indicator, period=period, unit_ids=[u.id for u in units])
    shown = {u.code: _figure(protected.get(u.id, raw[u.code])) for u in units}
    reported = [v for v in raw.values() if v is not None]
    total = sum(reported) if reported else None
    return PublicFigures(
        indicator=indicator,
        period=period,
        level=level,
        units=units,
        shown=shown,
        total=protection.area_total(
            total, indicator=indicator, period=period, commune_ids=[c.id for c in communes]
        ),
        threshold=protection.threshold,
        completeness=completeness,
        reporting=reporting,
    )


def _figure(value):
    return int(value) if isinstance(value, float) else value
