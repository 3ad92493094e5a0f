"""Figures for the public view: aggregated counts per district (or commune) with small
counts protected, so nothing a wide audience sees can single out a person.

Protection is ``monitoring.disclosure`` for a public output (the same rules, threshold
and markers as the exports and the risk map): a sensitive indicator's figure from 1 to
``threshold - 1`` is "<threshold", the cell that would give a single hidden one away (or
the figure of a hidden parent) is "x", zero is 0; the whole map's total follows rule 1.
"""

from dataclasses import dataclass

from monitoring import disclosure
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


def public_figures(*, indicator: Indicator, period: Period) -> PublicFigures:
    """The indicator per district (per commune where there are no districts) for ``period``."""
    protection = disclosure.disclosure_for(public=True)
    communes = units_for_map(level="commune")
    values = indicator_values(indicator=indicator, period=period, unit_ids=[c.id for c in communes])
    districts = units_for_map(level="district")
    units, level = (districts, "district") if districts else (communes, "commune")
    if districts:
        sums = disclosure.group_totals(
            {c.id: values[c.id] for c in communes}, groups={c.id: c.parent_code for c in communes}
        )
        raw = {d.code: sums.get(d.code) for d in districts}
    else:
        raw = {c.code: values[c.id] for c in communes}
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
        total=protection.total(total, sensitive=indicator.sensitive),
        threshold=protection.threshold,
    )


def _figure(value):
    return int(value) if isinstance(value, float) else value
