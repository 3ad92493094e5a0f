"""Historical counts shown on the 2025 communes through the crosswalk: one month of
figures reported on the ~10,600 old communes, carried to the 3,321 new ones as
Σ share_of_old × value per new commune. Target: one period in < 500 ms.

The reference is that SQL, timed here. The product's selector for it is written on the
imports-boundaries branch; HOOK below names it so that after the merge the same run
measures the selector next to the SQL (and checks both give the same totals).
"""

import importlib

from django.db import connection

from bench.national.constants import COUNT_INDICATORS, MAP_PERIOD
from bench.national.results import result_row, result_write
from bench.national.timing import timed

__all__ = ["HOOK", "crosswalk_history_measure"]

TARGET_MS = 500

# HOOK (imports-boundaries merge): dotted path of the selector that returns historical
# values on current units through geo.UnitCrosswalk, and how to call it. Until it is set
# (or while the module does not exist) the selector row prints "not available on this
# branch". Expected call: selector(indicator=Indicator, period=Period, unit_ids=[...])
# → {new unit id: value}; adapt _selector_call when its signature differs.
HOOK = "monitoring.crosswalk_counts.counts_on_current_units"

HISTORY_SQL = """
SELECT x.new_unit_id, sum(x.share_of_old * c.value) AS value
  FROM geo_adminunit n
  JOIN geo_unitcrosswalk x ON x.new_unit_id = n.id
  JOIN monitoring_casecount c ON c.unit_id = x.old_unit_id
       AND c.indicator_id = ANY(%(indicators)s) AND c.period = %(period)s
 WHERE n.valid_to IS NULL AND n.level = 'commune'
 GROUP BY x.new_unit_id
"""


def _selector():
    module, _, name = HOOK.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _selector_call(selector, *, indicator, period, unit_ids):
    # counts_on_current_units covers every current commune; unit_ids is not needed.
    return selector(indicator=indicator, period=period)


def crosswalk_history_measure(data: dict) -> list[dict]:
    from monitoring.figures.periods import Period
    from monitoring.models import Indicator

    period = Period.parse(MAP_PERIOD)
    one = list(Indicator.objects.filter(code="illegal_users").values_list("id", flat=True))
    every = list(Indicator.objects.filter(code__in=COUNT_INDICATORS).values_list("id", flat=True))

    def run(indicators):
        with connection.cursor() as cursor:
            cursor.execute(HISTORY_SQL, {"indicators": indicators, "period": period.start})
            return cursor.fetchall()

    result = run(one)
    one_ms = timed(lambda: run(one))
    every_ms = timed(lambda: run(every))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(value) FROM monitoring_casecount WHERE indicator_id = %s AND period = %s",
            [one[0], period.start],
        )
        (old_total,) = cursor.fetchone()
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + HISTORY_SQL, {"indicators": one, "period": period.start}
        )
        plan = "\n".join(r[0] for r in cursor.fetchall())
    new_total = round(sum(float(v) for _, v in result))
    rows = [
        result_row(
            f"crosswalk history, one indicator, {MAP_PERIOD}, {len(result):,} new communes (SQL): p95",
            one_ms["p95_ms"],
            "ms",
            target=f"< {TARGET_MS} ms",
            met=one_ms["p95_ms"] < TARGET_MS,
            note=f"p50 {one_ms['p50_ms']} ms; total {new_total:,} on new communes vs {old_total:,} on old",
        ),
        result_row(
            f"crosswalk history, all {len(every)} indicators, {MAP_PERIOD} (SQL): p95",
            every_ms["p95_ms"],
            "ms",
            target=f"< {TARGET_MS} ms",
            met=every_ms["p95_ms"] < TARGET_MS,
            note=f"p50 {every_ms['p50_ms']} ms",
        ),
    ]
    selector = _selector()
    if selector is None:
        print(f"  crosswalk selector {HOOK}: not available on this branch (SQL reference measured alone)")
        rows.append(result_row("crosswalk history through the product's selector", None, "ms",
                               note=f"{HOOK} not available on this branch"))  # fmt: skip
    else:
        indicator = Indicator.objects.get(code="illegal_users")
        ids = [unit_id for unit_id, _ in result]
        values = _selector_call(selector, indicator=indicator, period=period, unit_ids=ids)
        selector_ms = timed(
            lambda: _selector_call(selector, indicator=indicator, period=period, unit_ids=ids)
        )
        selector_total = round(sum(float(v or 0) for v in values.values()))
        rows.append(
            result_row(
                "crosswalk history through the product's selector, one indicator: p95",
                selector_ms["p95_ms"],
                "ms",
                reference=one_ms["p95_ms"],
                reference_label="ms SQL p95",
                target=f"< {TARGET_MS} ms",
                met=selector_ms["p95_ms"] < TARGET_MS,
                note=f"total {selector_total:,} (SQL {new_total:,})",
            )
        )
    with connection.cursor() as cursor:
        result_write(
            "national_crosswalk_history",
            title=f"Historical counts of {MAP_PERIOD} on the 2025 communes through the crosswalk",
            rows=rows,
            dataset=data,
            details={"explain_one_indicator": plan, "sql": HISTORY_SQL},
            cursor=cursor,
        )
    return rows
