"""Load ten years of monthly counts for 12 indicators on every old commune (about 15
million rows), generated inside PostgreSQL from a seeded per-commune table: no Python
loop over rows, no text to format.

Each commune has a base level (a quarter of them report nothing but zeros: the
drug-free ones); months vary it by a seasonal wave and a deterministic hash of (commune,
month, indicator). Parts are computed as fractions of their whole in the same row, so a
part never exceeds its whole by construction."""

import time

import numpy as np

from bench.national.constants import CHANGEOVER, COUNT_INDICATORS, FIRST_MONTH, MONTHS
from bench.national.loading import copy_rows, step, without_indexes

__all__ = ["counts_load"]

# u(k, s): a uniform number in [0, 1) from a hash of (k, s); an SQL function PostgreSQL inlines.
U01 = """
CREATE FUNCTION pg_temp.u01(k bigint, s bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (hashint8extended(k, s) & 1048575)::float8 / 1048576 $$
"""

GENERATE_SQL = """
INSERT INTO monitoring_casecount (unit_id, period, indicator_id, value, source, reported_on, is_demo)
SELECT m.unit_id, m.period, x.indicator_id, x.value, 'bench', m.period + 40, true
  FROM (
    SELECT w.*, floor(w.addicts * (0.35 + 0.3 * pg_temp.u01(w.k, 7)))::int AS post_rehab
      FROM (
        SELECT v.*, floor(v.users * (0.55 + 0.35 * pg_temp.u01(v.k, 2)))::int AS addicts
          FROM (
            SELECT b.unit_id, (DATE %(first)s + make_interval(months => g.i))::date AS period,
                   b.unit_id * 1000 + g.i AS k, b.hot,
                   greatest(0, round(b.users * (1 + 0.12 * sin(2 * pi() * g.i / 12 + b.phase))
                                      * (0.85 + 0.3 * pg_temp.u01(b.unit_id * 1000 + g.i, 1))))::int AS users
              FROM bench_commune_base b CROSS JOIN generate_series(0, %(months)s - 1) AS g(i)
          ) v
      ) w
  ) m
 CROSS JOIN LATERAL (VALUES
    (%(illegal_users)s, m.users),
    (%(addicts_managed)s, m.addicts),
    (%(methadone)s, floor(m.addicts * 0.3 * pg_temp.u01(m.k, 3))::int),
    (%(rehab_community)s, floor(m.addicts * 0.2 * pg_temp.u01(m.k, 4))::int),
    (%(rehab_facility)s, floor(m.addicts * 0.1 * pg_temp.u01(m.k, 5))::int),
    (%(rehab_compulsory)s, floor(m.addicts * 0.15 * pg_temp.u01(m.k, 6))::int),
    (%(post_rehab)s, m.post_rehab),
    (%(relapses)s, floor(m.post_rehab * 0.08 * pg_temp.u01(m.k, 8))::int),
    (%(hotspots)s, floor(m.hot * (0.6 + 0.8 * pg_temp.u01(m.k, 9)))::int),
    (%(offenders_arrested)s, floor(m.users * 0.04 * pg_temp.u01(m.k, 10))::int),
    (%(drug_plants_destroyed)s, CASE WHEN m.users > 0 AND pg_temp.u01(m.k, 11) > 0.97
                                     THEN floor(3000 * pg_temp.u01(m.k, 12))::int ELSE 0 END),
    (%(drug_crop_area_destroyed)s, CASE WHEN m.users > 0 AND pg_temp.u01(m.k, 11) > 0.97
                                        THEN floor(800 * pg_temp.u01(m.k, 13))::int ELSE 0 END)
 ) AS x(indicator_id, value)
"""

# The part ≤ whole rule, checked for every row of the load in one set-based pass.
PART_ABOVE_WHOLE_SQL = """
SELECT count(*) FROM monitoring_casecount p
  JOIN monitoring_indicator ip ON ip.id = p.indicator_id AND ip.part_of_id IS NOT NULL
  JOIN monitoring_casecount w ON w.unit_id = p.unit_id AND w.period = p.period
                             AND w.indicator_id = ip.part_of_id
 WHERE p.value > w.value
"""


def counts_load(cursor, rng) -> dict:
    """Replace every case count."""
    t = time.perf_counter()
    cursor.execute(
        "SELECT id, population FROM geo_adminunit WHERE level = 'commune' AND valid_to = %s ORDER BY id",
        [CHANGEOVER],
    )
    communes = cursor.fetchall()
    ids = np.array([c[0] for c in communes])
    population = np.array([c[1] for c in communes], dtype=float)
    prevalence = rng.lognormal(np.log(0.0015), 0.8, len(ids)) * (rng.random(len(ids)) >= 0.25)
    users = population * prevalence
    hot = rng.poisson(0.8, len(ids)) * (users > 0)
    phase = rng.uniform(0, 2 * np.pi, len(ids))
    cursor.execute(
        "CREATE TEMP TABLE bench_commune_base (unit_id bigint, users float8, hot float8, phase float8)"
        " ON COMMIT DROP"
    )
    copy_rows(
        cursor,
        "bench_commune_base",
        ["unit_id", "users", "hot", "phase"],
        zip(ids.tolist(), users.round(3).tolist(), hot.tolist(), phase.round(4).tolist(), strict=True),
    )
    cursor.execute("SELECT code, id FROM monitoring_indicator WHERE code = ANY(%s)", [COUNT_INDICATORS])
    indicator_ids = dict(cursor.fetchall())
    missing = set(COUNT_INDICATORS) - set(indicator_ids)
    if missing:
        raise SystemExit(f"indicators missing from monitoring_indicator: {sorted(missing)}")
    cursor.execute(U01)
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    cursor.execute("TRUNCATE monitoring_casecount RESTART IDENTITY")
    with without_indexes(cursor, "monitoring_casecount"):
        # The part ≤ whole constraint trigger would look up each row's whole and parts:
        # 15 million index probes. It is safe to switch it off for this load because the
        # generator derives every part from its whole (floor(whole × fraction ≤ 1)), and
        # PART_ABOVE_WHOLE_SQL checks the whole table after the load, inside the same
        # transaction, before the trigger is switched back on.
        cursor.execute("ALTER TABLE monitoring_casecount DISABLE TRIGGER casecount_part_not_above_whole")
        cursor.execute(GENERATE_SQL, {"first": FIRST_MONTH, "months": MONTHS, **indicator_ids})
        rows = cursor.rowcount
        t = step(f"{rows:,} case counts generated ({len(ids):,} communes × {MONTHS} months × 12)", t)
    cursor.execute("ANALYZE monitoring_casecount")
    cursor.execute(PART_ABOVE_WHOLE_SQL)
    (bad,) = cursor.fetchone()
    if bad:
        raise SystemExit(f"the counts generator broke the part ≤ whole rule on {bad} rows")
    cursor.execute("ALTER TABLE monitoring_casecount ENABLE TRIGGER casecount_part_not_above_whole")
    step("part ≤ whole checked on every row; trigger back on", t)
    return {"case_counts": rows, "months": MONTHS, "indicators": len(COUNT_INDICATORS)}
