"""What breaks over a range of periods are computed from: the periods of the range and,
for a measure made of counts, the figures of all of them read in one query (so that a
map's colours mean the same from one month to the next)."""

import datetime

from django.db.models import Max, Min

from frontend.risk_map.query import RiskQuery
from monitoring.figures.periods import Period, periods_between
from monitoring.figures.values import indicator_values_over
from monitoring.models import CaseCount, Indicator

__all__ = ["RANGE_MONTHS", "count_basis", "range_periods"]

#: How far back breaks over the range reach from the latest figures.
RANGE_MONTHS = 36


def range_periods(query: RiskQuery, indicator: Indicator) -> list[Period]:
    """Periods of the query's kind over the data's time range: ``RANGE_MONTHS`` months up
    to the latest month with figures of the indicator (not before the first), and the
    period shown even when it lies outside."""
    span = CaseCount.objects.filter(indicator=indicator).aggregate(first=Min("period"), last=Max("period"))
    if span["last"] is None:
        return [query.period]
    last = span["last"]
    index = last.year * 12 + last.month - 1 - (RANGE_MONTHS - 1)
    first = max(span["first"], datetime.date(index // 12, index % 12 + 1, 1))
    periods = sorted({*periods_between(query.period.kind, first, last), query.period})
    return periods


def count_basis(query: RiskQuery, periods, units, communes, indicator, protection) -> list[float]:
    """The figures of ``periods`` that enter breaks over the range, for a measure made of
    counts, from one query: counts per commune (summed per district with the population
    of the communes that reported, as the choropleth's district values), as count, rate or change.
    A small count (rule 1 of ``monitoring.disclosure``) of a sensitive indicator stays
    out for a protected reader; the complementary hiding of rules 2 and 3 is worked out
    for the period shown only, as a break over thousands of unit-periods names none."""
    kind = query.measure.kind
    compared = {"change": Period.previous, "change_yoy": Period.same_last_year}.get(kind)
    wanted = sorted({*periods, *(compared(p) for p in periods)} if compared else set(periods))
    counts = indicator_values_over(indicator=indicator, periods=wanted, unit_ids=[c.id for c in communes])
    small = protection.threshold if protection and protection.applies(sensitive=indicator.sensitive) else 0
    members = (
        {u.id: [c for c in communes if c.parent_code == u.code] for u in units}
        if units is not communes
        else {c.id: [c] for c in communes}
    )

    def sums(period, unit):
        """(count, count before, population) of the unit's communes that have figures
        (for a change: in both periods, as a district's change sums its communes')."""
        earlier = counts[compared(period)] if compared else {}
        present = [
            (counts[period].get(c.id), earlier.get(c.id), c.population or 0)
            for c in members[unit.id]
            if counts[period].get(c.id) is not None and (not compared or earlier.get(c.id) is not None)
        ]
        if not present:
            return None, None, 0
        return tuple(sum(row[i] or 0 for row in present) for i in range(3))

    def rows(period):
        """(count, count before, population) of each unit with figures in ``period``."""
        if units is not communes:
            return (row for row in (sums(period, unit) for unit in units) if row[0] is not None)
        # The commune map, most of the work at scale: each commune by itself, read from
        # the period's figures once (only the communes that have one, not looked up per
        # commune; the figures were read for these communes only).
        now = counts[period]
        if not compared:
            return (
                (value, 0, populations.get(unit_id, 0)) for unit_id, value in now.items() if value is not None
            )
        earlier = counts[compared(period)]
        return (
            (now[c.id], earlier[c.id], c.population or 0)
            for c in communes
            if now.get(c.id) is not None and earlier.get(c.id) is not None
        )

    populations = {c.id: c.population or 0 for c in communes}
    figures = []
    for period in periods:
        for count, before, population in rows(period):
            if small and (0 < count < small or (compared and 0 < before < small)):
                continue
            if kind in ("rate", "eb_rate"):  # smoothed rates are classed on the raw rates' range
                if population:
                    figures.append(round(count / population * 10_000, 2))
            elif compared:
                figures.append(count - before)
            else:
                figures.append(count)
    return figures
