"""Per-unit values of a measure for a period, computed in PostGIS in one query per
figure. Quarter and year values follow each indicator's aggregation: a stock takes the
latest reported month in the period, a flow the sum of its months."""

import datetime
from typing import NamedTuple

from django.db import connection, transaction

from core.errors import BadInput
from monitoring.figures import risk_score
from monitoring.figures.measures import Measure
from monitoring.figures.periods import Period
from monitoring.models import Aggregation, Classification, ClassificationScheme, Indicator

__all__ = [
    "SCHEME_PREFERENCE",
    "UnitRow",
    "classification_for_year",
    "hotspot_result",
    "indicator_values",
    "indicator_values_over",
    "measure_values",
    "monthly_totals",
    "units_for_map",
]

SCHEME_PREFERENCE = [
    ClassificationScheme.QD_28_2025,
    ClassificationScheme.QD_3122_2010,
    ClassificationScheme.HEALTHY_COMMUNE,
]


class UnitRow(NamedTuple):
    """One unit as the map shows it (a named tuple: built 10,000 times per national
    request, several times faster than a frozen dataclass)."""

    id: int
    code: str
    name: str
    level: str
    parent_code: str | None
    parent_name: str | None
    population: int | None
    is_border: bool
    border_distance_m: float | None


UNITS_SQL = """
SELECT u.id, u.code, u.name, u.level, p.code, p.name, u.population, u.is_border,
       u.border_distance_m
  FROM geo_adminunit u LEFT JOIN geo_adminunit p ON p.id = u.parent_id
 WHERE u.valid_to IS NULL AND u.level = %(level)s
   AND (%(parent)s::text IS NULL OR p.code = %(parent)s)
   AND (%(ids)s::bigint[] IS NULL OR u.id = ANY(%(ids)s::bigint[]))
 ORDER BY u.code
"""


def units_for_map(*, level: str = "commune", parent_code: str | None = None, unit_ids=None) -> list[UnitRow]:
    """Current units of ``level``, optionally only the children of one parent and only
    those among ``unit_ids`` (a user's area, ``geo.areas``; ``None``: no limit)."""
    ids = None if unit_ids is None else sorted(unit_ids)
    with connection.cursor() as cursor:
        cursor.execute(UNITS_SQL, {"level": level, "parent": parent_code, "ids": ids})
        return [UnitRow(*row) for row in cursor.fetchall()]


VALUES_SQL = """
SELECT u.id,
       CASE WHEN %(flow)s THEN sum(c.value)
            ELSE (array_agg(c.value ORDER BY c.period DESC) FILTER (WHERE c.id IS NOT NULL))[1]
       END
  FROM geo_adminunit u
  LEFT JOIN monitoring_casecount c
         ON c.unit_id = u.id AND c.indicator_id = %(indicator)s
        AND c.period BETWEEN %(start)s AND %(end)s
 WHERE u.id = ANY(%(ids)s)
 GROUP BY u.id
"""


def _values(*, indicator_id: int, flow: bool, start, end, unit_ids) -> dict[int, float | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            VALUES_SQL,
            {"flow": flow, "indicator": indicator_id, "start": start, "end": end, "ids": unit_ids},
        )
        return {unit_id: None if v is None else float(v) for unit_id, v in cursor.fetchall()}


def indicator_values(*, indicator: Indicator, period: Period, unit_ids: list[int]) -> dict[int, float | None]:
    """The indicator's value per unit for the period (``None``: nothing reported)."""
    return _values(
        indicator_id=indicator.id,
        flow=indicator.aggregation == Aggregation.FLOW,
        start=period.start,
        end=period.end,
        unit_ids=unit_ids,
    )


# Each period is the months it is made of; the counts of each month are read by the
# covering (period, indicator) index alone (no table page), then matched with the units by
# a hash (OFFSET 0 keeps the planner from probing the unit index once per unit and
# month). Periods of one month need no aggregate; longer ones are summed (flow) or take
# their latest month (stock). 36 months of 10,644 communes: 8.8 s before.
MONTHS_OF_SQL = """
  FROM unnest(%(months)s::date[], %(indexes)s::int[]) AS m(month, i)
 CROSS JOIN LATERAL (
       SELECT c.unit_id, c.period, c.value FROM monitoring_casecount c
        WHERE c.period = m.month AND c.indicator_id = %(indicator)s
       OFFSET 0) c
  JOIN unnest(%(ids)s::bigint[]) AS u(id) ON u.id = c.unit_id
"""
VALUES_OVER_SQL = (
    "SELECT m.i, c.unit_id, CASE WHEN %(flow)s THEN sum(c.value)"
    " ELSE (array_agg(c.value ORDER BY c.period DESC))[1] END" + MONTHS_OF_SQL + " GROUP BY m.i, c.unit_id"
)
MONTH_VALUES_SQL = "SELECT m.i, c.unit_id, c.value" + MONTHS_OF_SQL


MONTHLY_TOTALS_SQL = (
    "SELECT m.month, sum(c.value), count(*)" + MONTHS_OF_SQL + " GROUP BY m.month ORDER BY m.month"
)
SPAN_SQL = "SELECT min(period), max(period) FROM monitoring_casecount WHERE indicator_id = %(indicator)s"


def monthly_totals(
    *, indicator: Indicator, unit_ids: list[int], before: datetime.date | None = None
) -> dict[datetime.date, tuple[float, int]]:
    """For each month with figures of ``indicator`` among ``unit_ids`` (before ``before``
    if given): the sum of their values and how many units reported (a unit has at most
    one figure a month). One index-only scan per month of the indicator's span, joined
    with the units by hash: a province's or the country's trend over ten years reads
    each figure once, not unit by unit."""
    with connection.cursor() as cursor:
        cursor.execute(SPAN_SQL, {"indicator": indicator.id})
        first, last = cursor.fetchone()
        if first is None or not unit_ids:
            return {}
        months = []
        month = first
        while month <= last and (before is None or month < before):
            months.append(month)
            month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if not months:
            return {}
        cursor.execute(
            MONTHLY_TOTALS_SQL,
            {
                "indicator": indicator.id,
                "months": months,
                "indexes": list(range(len(months))),
                "ids": list(unit_ids),
            },
        )
        return {month: (float(total), count) for month, total, count in cursor.fetchall()}


def indicator_values_over(
    *, indicator: Indicator, periods: list[Period], unit_ids: list[int]
) -> dict[Period, dict[int, float | None]]:
    """``indicator_values`` of many periods in one query (class breaks over a range): for
    each period, the units that have figures in it (a unit without any is absent, read
    it with ``.get``)."""
    months = [(month, index) for index, period in enumerate(periods) for month in period.months()]
    one_month_each = len(months) == len(periods)
    with transaction.atomic(), connection.cursor() as cursor:
        if not one_month_each:  # the aggregate sorts every figure: in memory, not on disk
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(
            MONTH_VALUES_SQL if one_month_each else VALUES_OVER_SQL,
            {
                "flow": indicator.aggregation == Aggregation.FLOW,
                "indicator": indicator.id,
                "months": [m for m, _ in months],
                "indexes": [i for _, i in months],
                "ids": unit_ids,
            },
        )
        by_index = [{} for _ in periods]  # filled by position: no period hashed per figure
        for index, unit_id, value in cursor.fetchall():
            by_index[index][unit_id] = None if value is None else float(value)
        return dict(zip(periods, by_index, strict=True))


def classification_for_year(*, year: int, unit_ids: list[int]) -> dict[int, Classification]:
    """Each unit's official classification in force in ``year``: the latest decided for
    that year or before, under the most recent scheme when a year has several."""
    rank = {scheme: i for i, scheme in enumerate(SCHEME_PREFERENCE)}
    chosen: dict[int, Classification] = {}
    for item in Classification.objects.filter(year__lte=year, unit_id__in=unit_ids):
        current = chosen.get(item.unit_id)
        if current is None or (item.year, -rank[item.scheme]) > (current.year, -rank[current.scheme]):
            chosen[item.unit_id] = item
    return chosen


def _per_10k(value: float | None, population: int | None) -> float | None:
    if value is None or not population:
        return None
    return round(value / population * 10_000, 2)


def _difference(now: dict, before: dict) -> dict:
    return {k: None if now[k] is None or before.get(k) is None else now[k] - before[k] for k in now}


def _risk(*, units: list[UnitRow], period: Period) -> dict[int, float | None]:
    ids = [u.id for u in units]
    wanted = ["illegal_users", "offenders_arrested", "hotspots"]
    codes = {i.code: i for i in Indicator.objects.filter(code__in=wanted)}
    start12 = _twelve_months_before(period.end)
    users = indicator_values(indicator=codes["illegal_users"], period=period, unit_ids=ids)
    offenders = _values(
        indicator_id=codes["offenders_arrested"].id, flow=True, start=start12, end=period.end, unit_ids=ids
    )
    hotspots = indicator_values(indicator=codes["hotspots"], period=period, unit_ids=ids)
    inputs = [
        risk_score.RiskInputs(
            users_per_10k=_per_10k(users[u.id], u.population),
            offenders_per_10k=_per_10k(offenders[u.id], u.population),
            hotspots=hotspots[u.id],
            border_distance_m=u.border_distance_m,
            is_border=u.is_border,
        )
        for u in units
    ]
    return dict(zip(ids, risk_score.risk_scores(inputs), strict=True))


def _twelve_months_before(end: datetime.date) -> datetime.date:
    """First month of the twelve months ending with ``end``."""
    index = end.year * 12 + end.month - 1 - 11
    return datetime.date(index // 12, index % 12 + 1, 1)


def hotspot_result(*, measure: Measure, indicator: Indicator, period: Period, units: list[UnitRow]):
    """The ``HotspotResult`` behind a ``hotspots`` or ``emerging`` measure, with the map's
    parameters (``figures.hotspots.map_measure``); raises ``BadInput`` when too few
    communes have figures. Imported when first needed, to avoid a cycle."""
    from monitoring.figures.hotspots.analysis import hotspots_of_units
    from monitoring.figures.hotspots.map_measure import MAP_EMERGING, MAP_HOTSPOTS
    from monitoring.figures.hotspots.over_time import emerging_of_units

    if measure.kind == "emerging":
        return emerging_of_units(indicator=indicator, period=period, units=units, **MAP_EMERGING)
    return hotspots_of_units(indicator=indicator, period=period, units=units, **MAP_HOTSPOTS)


def _spatial(
    *, measure: Measure, indicator: Indicator, period: Period, units: list[UnitRow], counts: dict
) -> dict:
    """Smoothed rates or hot-spot categories (``figures.hotspots``, which reads its
    figures through this module). Too few communes with figures for the statistic: no
    value, as for no data."""
    from monitoring.figures.hotspots.analysis import eb_rates_of_units

    if measure.kind == "eb_rate":
        rates = eb_rates_of_units(counts=counts, units=units)
        return {i: None if r is None else round(r, 2) for i, r in rates.items()}
    empty = dict.fromkeys((u.id for u in units), None)
    try:
        result = hotspot_result(measure=measure, indicator=indicator, period=period, units=units)
    except BadInput:
        return empty
    return empty | {r.unit_id: None if r.category == "no_data" else r.category for r in result.rows}


def measure_values(
    *, measure: Measure, period: Period, units: list[UnitRow]
) -> dict[int, float | str | None]:
    """The measure's value per unit: a number, a class code (classification) or None."""
    ids = [u.id for u in units]
    if measure.kind == "classification":
        chosen = classification_for_year(year=period.end.year, unit_ids=ids)
        return {i: chosen[i].drug_class if i in chosen else None for i in ids}
    if measure.kind == "risk":
        return _risk(units=units, period=period)
    indicator = Indicator.objects.get(code=measure.indicator)
    now = indicator_values(indicator=indicator, period=period, unit_ids=ids)
    if measure.kind == "count":
        return now
    if measure.kind in ("eb_rate", "hotspots", "emerging"):
        return _spatial(measure=measure, indicator=indicator, period=period, units=units, counts=now)
    if measure.kind == "rate":
        population = {u.id: u.population for u in units}
        return {i: _per_10k(v, population[i]) for i, v in now.items()}
    other = period.previous() if measure.kind == "change" else period.same_last_year()
    return _difference(now, indicator_values(indicator=indicator, period=other, unit_ids=ids))
