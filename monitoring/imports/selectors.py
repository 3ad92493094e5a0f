"""Reads for data entry and completeness: the communes a user may report for, the
figures of a month, and which communes have reported (all scoped to the user's areas)."""

import datetime
from dataclasses import dataclass, field

from django.db import connection

from geo.models import AdminUnit, Level
from monitoring.models import CaseCount, Indicator

__all__ = [
    "CompletenessRow",
    "commune_ids_in_scope",
    "communes_in_scope",
    "completeness",
    "month_figures",
    "months_back",
]


def commune_ids_in_scope(scope) -> set[int] | None:
    """Ids of the current communes in ``scope`` (units; None: every commune → None)."""
    if scope is None:
        return None
    ids = [unit.id for unit in scope]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.id FROM geo_adminunit u LEFT JOIN geo_adminunit p ON p.id = u.parent_id"
            " WHERE u.level = 'commune' AND u.valid_to IS NULL"
            " AND (u.id = ANY(%s) OR u.parent_id = ANY(%s) OR p.parent_id = ANY(%s))",
            [ids, ids, ids],
        )
        return {row[0] for row in cursor.fetchall()}


def communes_in_scope(scope):
    """Current communes in ``scope``, by district then name."""
    communes = AdminUnit.current.filter(level=Level.COMMUNE).select_related("parent")
    ids = commune_ids_in_scope(scope)
    if ids is not None:
        communes = communes.filter(id__in=ids)
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


def completeness(*, scope, months: list[datetime.date]) -> tuple[list[CompletenessRow], list[Indicator]]:
    """Every commune in ``scope`` with the indicators it reported in each of ``months``."""
    ids = commune_ids_in_scope(scope)
    with connection.cursor() as cursor:
        cursor.execute(COMPLETENESS_SQL, {"months": months, "all": ids is None, "ids": sorted(ids or [])})
        rows: dict[str, CompletenessRow] = {}
        for code, name, dcode, dname, month, indicators in cursor.fetchall():
            row = rows.setdefault(code, CompletenessRow(code, name, dcode, dname))
            row.reported[month] = set(indicators)
    return list(rows.values()), list(Indicator.objects.all())
