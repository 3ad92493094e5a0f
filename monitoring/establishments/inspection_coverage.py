"""Inspection coverage: the share of active prone establishments inspected at least
once in the last 12 months, per commune and per district, against a target
(``INSPECTION_TARGET_SHARE``, default 60 %, Hanoi's 2026 plan)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from geo.areas import Area

__all__ = ["CoverageRow", "inspection_coverage", "target_share"]


def target_share() -> float:
    return float(getattr(settings, "INSPECTION_TARGET_SHARE", 0.6))


@dataclass(frozen=True)
class CoverageRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    prone: int
    inspected: int

    @property
    def share(self) -> float | None:
        return None if not self.prone else self.inspected / self.prone


COVERAGE_SQL = """
WITH recent AS (SELECT DISTINCT establishment_id FROM monitoring_inspection
                WHERE date > %(since)s AND state <> 'withdrawn'),
prone AS (SELECT e.id, e.commune_id, (r.establishment_id IS NOT NULL) AS inspected
            FROM monitoring_establishment e LEFT JOIN recent r ON r.establishment_id = e.id
           WHERE e.prone AND e.status = 'active')
SELECT u.code, u.name, d.code, d.name, count(p.id), count(p.id) FILTER (WHERE p.inspected)
  FROM geo_adminunit u
  LEFT JOIN geo_adminunit d ON d.id = u.parent_id
  LEFT JOIN prone p ON p.commune_id = u.id
 WHERE u.valid_to IS NULL AND u.level = 'commune' AND (%(all)s OR u.id = ANY(%(ids)s))
 GROUP BY u.code, u.name, d.code, d.name
 ORDER BY u.code
"""


def inspection_coverage(*, area: Area, today: datetime.date) -> tuple[list[CoverageRow], list[CoverageRow]]:
    """(communes, districts) coverage rows within ``area``."""
    ids = area.unit_ids()
    since = today - datetime.timedelta(days=365)
    with connection.cursor() as cursor:
        cursor.execute(COVERAGE_SQL, {"since": since, "all": ids is None, "ids": sorted(ids or ())})
        rows = cursor.fetchall()
    communes = [
        CoverageRow(code, name, "commune", dcode, prone, done) for code, name, dcode, _dn, prone, done in rows
    ]
    districts: dict[str, list] = {}
    for _code, _name, dcode, dname, prone, done in rows:
        if dcode:
            entry = districts.setdefault(dcode, [dname, 0, 0])
            entry[1] += prone
            entry[2] += done
    district_rows = [
        CoverageRow(code, n, "district", None, p, d) for code, (n, p, d) in sorted(districts.items())
    ]
    return communes, district_rows
