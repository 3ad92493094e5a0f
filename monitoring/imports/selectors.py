"""Reads for data entry and completeness: the communes a user may report for, the
figures of a month, and which communes have reported (all scoped to the user's areas)."""

import datetime
from dataclasses import dataclass, field

from django.db import connection

from geo.areas import Area
from geo.models import AdminUnit, Level
from monitoring.models import CaseCount, Indicator

__all__ = [
    "CompletenessRow",
    "communes_in_area",
    "completeness",
    "month_figures",
    "months_back",
]


def communes_in_area(*, area: Area):
    """Current communes in ``area``, by parent then code."""
    communes = AdminUnit.current.filter(area.units_q(), level=Level.COMMUNE).select_related("parent")
    return communes.order_by("parent__code", "code")


def month_figures(*, unit_ids, period: datetime.date) -> dict[tuple[int, int], int]:
    """``{(unit id, indicator id): value}`` stored for ``period``."""
    rows = CaseCount.objects.filter(unit_id__in=unit_ids, period=period).values_list(
        "unit_id", "indicator_id", "value"
    )
    return {(unit, indicator): value for unit, indicator, value in rows}


def months_back(end: datetime.date, count: int) -> list[datetime.date]:
    """``count`` first-of-month dates ending with ``end``'s month, oldest first."""
    months, year, month = [], end.year, end.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


@dataclass
class CompletenessRow:
    """One commune's reporting over ``months``: indicators reported per month."""

    code: str
    name: str
    district_code: str
    district_name: str
    reported: dict[datetime.date, set[int]] = field(default_factory=dict)


COMPLETENESS_SQL = """
SELECT u.code, u.name, coalesce(d.code, ''), coalesce(d.name, ''), m.month,
       coalesce(array_agg(c.indicator_id) FILTER (WHERE c.id IS NOT NULL), '{}')
  FROM geo_adminunit u
  LEFT JOIN geo_adminunit d ON d.id = u.parent_id
 CROSS JOIN unnest(%(months)s::date[]) AS m(month)
  LEFT JOIN monitoring_casecount c ON c.unit_id = u.id AND c.period = m.month
 WHERE u.level = 'commune' AND u.valid_to IS NULL AND (%(all)s OR u.id = ANY(%(ids)s))
 GROUP BY u.code, u.name, d.code, d.name, m.month
 ORDER BY d.code, u.code, m.month
"""


def completeness(*, area: Area, months: list[datetime.date]) -> tuple[list[CompletenessRow], list[Indicator]]:
    """Every commune in ``area`` with the indicators it reported in each of ``months``."""
    ids = area.unit_ids()
    with connection.cursor() as cursor:
        cursor.execute(COMPLETENESS_SQL, {"months": months, "all": ids is None, "ids": sorted(ids or [])})
        rows: dict[str, CompletenessRow] = {}
        for code, name, dcode, dname, month, indicators in cursor.fetchall():
            row = rows.setdefault(code, CompletenessRow(code, name, dcode, dname))
            row.reported[month] = set(indicators)
    return list(rows.values()), list(Indicator.objects.all())
