"""Load 1,000,000 establishments with about 320,000 inspections, and 2,000 counselling
points. Each place's commune follows the commune trigger's rule (the covering current
commune with the smallest code), applied once to the whole set instead of row by row."""

import datetime
import os
import time

import numpy as np
import shapely

from bench.national.constants import N_COUNSELLING_POINTS, N_INSPECTED, NAME_WORDS, TYPE_PREFIX, TYPES_WEIGHTS
from bench.national.geography import land
from bench.national.loading import copy_rows, step, without_indexes
from bench.national.places import establishment_points

__all__ = ["counselling_points_load", "establishments_load"]

# Current communes in a table of their own with only a GiST index, so each point costs
# one index probe (on geo_adminunit the planner ANDs the GiST with the level index: six
# minutes for the million points). Rows stay in random order on disk (no ORDER BY): the
# area filters are measured without help from a spatially clustered heap.
CURRENT_COMMUNES = (
    "CREATE TEMP TABLE bench_commune ON COMMIT DROP AS SELECT id, code, geom FROM geo_adminunit"
    " WHERE level = 'commune' AND valid_to IS NULL;"
    " CREATE INDEX ON bench_commune USING gist (geom); ANALYZE bench_commune"
)
PLACE_SELECT = (
    "SELECT s.id, s.location, true, s.type, s.name, s.address, s.licence_number, s.prone,"
    " s.status, c.id"
    " FROM bench_stage s LEFT JOIN LATERAL ("
    "   SELECT u.id FROM bench_commune u WHERE ST_Covers(u.geom, s.location)"
    "   ORDER BY u.code LIMIT 1) c ON true"
)


def _stage_establishments(cursor, xy, rng) -> None:
    types = list(TYPES_WEIGHTS)
    type_of = rng.choice(len(types), len(xy), p=np.array(list(TYPES_WEIGHTS.values())))
    word_a = rng.integers(0, len(NAME_WORDS), len(xy))
    word_b = rng.integers(0, len(NAME_WORDS), len(xy))
    number = rng.integers(1, 400, len(xy))
    prone = rng.random(len(xy)) < 0.7
    closed = rng.random(len(xy)) < 0.12
    locations = shapely.to_wkb(shapely.points(xy), hex=True, include_srid=False)
    # EWKB with SRID 4326: the point type flag 0x20000000 and the SRID after it.
    locations = ["0101000020E6100000" + wkb[10:] for wkb in locations]
    cursor.execute(
        "CREATE TEMP TABLE bench_stage (id bigint, location geometry(Point, 4326), type text,"
        " name text, address text, licence_number text, prone boolean, status text) ON COMMIT DROP"
    )
    columns = ["id", "location", "type", "name", "address", "licence_number", "prone", "status"]
    chunk = 200_000
    for start in range(0, len(xy), chunk):
        rows = (
            (
                i + 1,
                locations[i],
                types[type_of[i]],
                f"{TYPE_PREFIX[types[type_of[i]]]} {NAME_WORDS[word_a[i]]}"
                f" {NAME_WORDS[word_b[i]]} {number[i]}",
                f"Số {number[i]}, đường {NAME_WORDS[word_b[i]]}",
                f"GP-{i + 1:07d}",
                "t" if prone[i] else "f",
                "closed" if closed[i] else "active",
            )
            for i in range(start, min(start + chunk, len(xy)))
        )
        copy_rows(cursor, "bench_stage", columns, rows)


# Every NOT NULL column without a database default (tests/test_bench_dataset_columns.py
# checks this list against the table, so a new model field cannot break the build).
INSPECTION_COLUMNS = [
    "id",
    "date",
    "team",
    "result",
    "violations",
    "follow_up_due",
    "establishment_id",
    "decision_number",
    "notes",
    "recorded_at",
    "state",
    "conflict",
]


def _inspection_rows(n_establishments: int, rng) -> list[tuple]:
    inspected = rng.choice(n_establishments, N_INSPECTED, replace=False) + 1
    visits = rng.choice([1, 2, 3], N_INSPECTED, p=[0.55, 0.3, 0.15])
    establishment_ids = np.repeat(inspected, visits)
    first_day = datetime.date(2023, 1, 1).toordinal()
    days = rng.integers(0, datetime.date(2026, 11, 15).toordinal() - first_day, len(establishment_ids))
    result = rng.choice(["compliant", "violation", "closed_down"], len(days), p=[0.7, 0.25, 0.05])
    follow = rng.integers(30, 120, len(days))
    team = rng.integers(1, 40, len(days))
    rows = []
    for i in range(len(days)):
        date = datetime.date.fromordinal(first_day + int(days[i]))
        violation = result[i] == "violation"
        rows.append(
            (
                i + 1,
                date.isoformat(),
                f"Đội kiểm tra liên ngành {team[i]}",
                result[i],
                "Hoạt động quá giờ quy định" if violation else "",
                (date + datetime.timedelta(days=int(follow[i]))).isoformat() if violation else None,
                int(establishment_ids[i]),
                "",
                "",
                f"{date.isoformat()}T09:00:00+07:00",
                "recorded",
                False,
            )
        )
    return rows


def establishments_load(cursor, rng) -> dict:
    """Replace every establishment and inspection."""
    t = time.perf_counter()
    xy = establishment_points(land(), rng)
    t = step(f"{len(xy):,} establishment points", t)
    cursor.execute("TRUNCATE monitoring_inspection, monitoring_establishment RESTART IDENTITY CASCADE")
    with without_indexes(cursor, "monitoring_establishment", "monitoring_inspection"):
        _stage_establishments(cursor, xy, rng)
        t = step(f"{len(xy):,} establishments staged (COPY)", t)
        cursor.execute("ANALYZE bench_stage")
        cursor.execute(CURRENT_COMMUNES)
        if os.environ.get("BENCH_EXPLAIN_LOAD"):
            cursor.execute("EXPLAIN " + PLACE_SELECT)
            print("\n".join(r[0] for r in cursor.fetchall()))
        cursor.execute(
            "ALTER TABLE monitoring_establishment DISABLE TRIGGER monitoring_establishment_commune"
        )
        cursor.execute(
            "INSERT INTO monitoring_establishment"
            " (id, location, is_demo, type, name, address, licence_number, prone, status, commune_id) "
            + PLACE_SELECT
        )
        cursor.execute("ALTER TABLE monitoring_establishment ENABLE TRIGGER monitoring_establishment_commune")
        t = step("establishments inserted with their communes", t)
        rows = _inspection_rows(len(xy), rng)
        copy_rows(
            cursor,
            "monitoring_inspection",
            INSPECTION_COLUMNS,
            rows,
        )
        t = step(f"{len(rows):,} inspections copied", t)
    for table in ("monitoring_establishment", "monitoring_inspection"):
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
        )
    cursor.execute("ANALYZE monitoring_establishment, monitoring_inspection")
    cursor.execute("SELECT count(commune_id) FROM monitoring_establishment")
    return {
        "establishments": len(xy),
        "inspections": len(rows),
        "establishments_in_a_commune": cursor.fetchone()[0],
    }


COUNSELLING_SQL = """
INSERT INTO monitoring_counsellingpoint (location, is_demo, name, opened_on, status, staff, services)
SELECT ST_PointOnSurface(u.geom), true, 'Điểm tư vấn ' || u.name,
       DATE '2012-01-01' + (hashint8extended(u.id, 7) & 4095)::int,
       CASE WHEN (hashint8extended(u.id, 8) & 1023) < 870 THEN 'active'
            WHEN (hashint8extended(u.id, 8) & 1023) < 972 THEN 'planned' ELSE 'closed' END,
       1 + (hashint8extended(u.id, 9) & 3)::int, 'Tư vấn, hỗ trợ điều trị nghiện'
  FROM geo_adminunit u
 WHERE u.level = 'commune' AND u.valid_to IS NOT NULL
 ORDER BY hashint8extended(u.id, 2026), u.id
 LIMIT %(n)s
"""


def counselling_points_load(cursor, rng) -> dict:
    """Replace every counselling point: one in each of 2,000 old communes chosen by a
    seeded hash, at a point inside it (the commune trigger sets the current commune)."""
    cursor.execute("TRUNCATE monitoring_counsellingpoint RESTART IDENTITY CASCADE")
    cursor.execute(COUNSELLING_SQL, {"n": N_COUNSELLING_POINTS})
    cursor.execute("SELECT status, count(*) FROM monitoring_counsellingpoint GROUP BY status ORDER BY status")
    return {"counselling_points": dict(cursor.fetchall())}
