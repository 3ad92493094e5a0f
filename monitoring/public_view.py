"""Figures for the public view: aggregated counts per district (or commune) with small
counts protected, so nothing a wide audience sees can single out a person.

``protect`` is the one call the public view makes; it is meant to be repointed to
``monitoring.disclosure`` (complementary suppression shared with the exports) once that
module lands. The inline rule: a count from 1 to ``threshold - 1`` is shown as
"<threshold" (primary suppression); when a group (the units under one parent, and the
whole map, whose total is shown) holds exactly one hidden count, its smallest other
non-zero count is hidden too, so the hidden one cannot be found by subtraction.
"""

from collections import defaultdict
from dataclasses import dataclass

from monitoring.models import Indicator, SiteSettings
from monitoring.riskmap.periods import Period
from monitoring.riskmap.values import UnitRow, indicator_values, units_for_map

__all__ = ["PublicFigures", "protect", "public_figures"]

HIDDEN = None


def _protect_inline(values: dict[str, int | None], *, groups: dict[str, str], threshold: int):
    hidden = {k for k, v in values.items() if v is not None and 0 < v < threshold}
    members = defaultdict(list)
    for key in values:
        members[groups.get(key, "")].append(key)
    members["*"] = list(values)  # the total is published too
    changed = True
    while changed:  # hiding a second cell may leave another group with a single hidden cell
        changed = False
        for keys in members.values():
            if sum(1 for k in keys if k in hidden) != 1:
                continue
            others = [k for k in keys if k not in hidden and values[k]]
            if others:
                hidden.add(min(others, key=lambda k: (values[k], k)))
                changed = True
    return {k: (f"<{threshold}" if k in hidden else v) for k, v in values.items()}


def protect(values: dict[str, int | None], *, groups: dict[str, str], threshold: int) -> dict:
    """``values`` with small counts replaced by "<threshold" and complementary cells hidden.

    ``groups`` maps each key to its parent group (sums published per group)."""
    return _protect_inline(values, groups=groups, threshold=threshold)


@dataclass(frozen=True)
class PublicFigures:
    indicator: Indicator
    period: Period
    level: str
    units: list[UnitRow]
    shown: dict[str, int | str | None]  # by unit code: a count, "<5", or None (no report)
    total: int | None
    threshold: int


def public_figures(*, indicator: Indicator, period: Period) -> PublicFigures:
    """The indicator per district (per commune where there are no districts) for ``period``."""
    threshold = SiteSettings.load().threshold
    communes = units_for_map(level="commune")
    values = indicator_values(indicator=indicator, period=period, unit_ids=[c.id for c in communes])
    districts = units_for_map(level="district")
    if districts:
        sums: dict[str, int | None] = {d.code: None for d in districts}
        for c in communes:
            if values[c.id] is not None and c.parent_code in sums:
                sums[c.parent_code] = (sums[c.parent_code] or 0) + int(values[c.id])
        units, raw, level = districts, sums, "district"
        groups = {d.code: d.parent_code or "" for d in districts}
    else:
        raw = {c.code: None if values[c.id] is None else int(values[c.id]) for c in communes}
        units, groups, level = communes, {c.code: c.parent_code or "" for c in communes}, "commune"
    reported = [v for v in raw.values() if v is not None]
    return PublicFigures(
        indicator=indicator,
        period=period,
        level=level,
        units=units,
        shown=protect(raw, groups=groups, threshold=threshold),
        total=sum(reported) if reported else None,
        threshold=threshold,
    )
