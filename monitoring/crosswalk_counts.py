"""Historical figures shown on the units in force, through the boundary crosswalk.

Counts stay on the units they were reported on. After a merger or a split, a current
unit's figure for an earlier period is Σ ``share_of_old`` × value over the retired units
it took area from (``geo.UnitCrosswalk``), following chains of versions, plus whatever
was reported on the unit itself. One SQL query does it all.

A period's value per unit follows the indicator's aggregation (a flow sums the months,
a stock takes the latest reported month), on each unit the figures were reported on,
before the shares apply. Results are fractional (shares of area): round them for
display. A month should be reported on one boundary version only; figures reported for
the same month on both an old unit and its successor are added.
"""

import datetime

from django.db import connection

from monitoring.figures.periods import Period
from monitoring.models import Aggregation, Indicator

__all__ = ["counts_on_current_units"]

CROSSWALK_COUNTS_SQL = """
WITH RECURSIVE reported AS (
    SELECT c.unit_id,
           CASE WHEN %(flow)s THEN sum(c.value)::float8
                ELSE (array_agg(c.value ORDER BY c.period DESC))[1]::float8 END AS value
      FROM monitoring_casecount c
      JOIN geo_adminunit u ON u.id = c.unit_id AND u.level = %(level)s
     WHERE c.indicator_id = %(indicator)s AND c.period BETWEEN %(start)s AND %(end)s
     GROUP BY c.unit_id
), walk (origin, unit_id, share, depth) AS (
    SELECT unit_id, unit_id, 1.0::float8, 0 FROM reported
    UNION ALL
    SELECT w.origin, x.new_unit_id, w.share * x.share_of_old, w.depth + 1
      FROM walk w JOIN geo_unitcrosswalk x ON x.old_unit_id = w.unit_id
     WHERE w.depth < 50
)
SELECT w.unit_id, sum(w.share * r.value)
  FROM walk w
  JOIN reported r ON r.unit_id = w.origin
  JOIN geo_adminunit u ON u.id = w.unit_id AND u.valid_to IS NULL
 GROUP BY w.unit_id
"""


def counts_on_current_units(
    *, indicator: Indicator, period: Period | datetime.date, level: str = "commune"
) -> dict[int, float]:
    """``{current unit id: value}`` of ``indicator`` for ``period`` (a ``Period`` or a
    month's first day), figures on retired units apportioned by area share."""
    if isinstance(period, datetime.date):
        period = Period.month(period)
    with connection.cursor() as cursor:
        cursor.execute(
            CROSSWALK_COUNTS_SQL,
            {
                "flow": indicator.aggregation == Aggregation.FLOW,
                "level": level,
                "indicator": indicator.pk,
                "start": period.start,
                "end": period.end,
            },
        )
        return dict(cursor.fetchall())
