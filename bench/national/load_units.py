"""Load both boundary versions into ``geo_adminunit`` and compute the old → new
``geo_unitcrosswalk`` by area overlap in PostGIS (as a boundary import would)."""

import time

import numpy as np

from bench.national.constants import CHANGEOVER, OLD_VALID_FROM
from bench.national.geography import land, new_layout, old_layout
from bench.national.loading import copy_rows, ewkb, step

__all__ = ["units_load"]

COLUMNS = ["id", "code", "name", "level", "kind", "geom", "is_border", "valid_from", "valid_to",
           "is_demo", "parent_id", "population", "population_year"]  # fmt: skip

# Pairs whose interiors overlap (shared edges alone do not count), areas on the
# spheroid; slivers under 0.01 % of the old unit from re-noded shared edges are dropped.
CROSSWALK_SQL = """
INSERT INTO geo_unitcrosswalk (old_unit_id, new_unit_id, overlap_m2, share_of_old, share_of_new)
SELECT o.id, n.id, a.m2, least(1, a.m2 / o.area_m2), least(1, a.m2 / n.area_m2)
  FROM geo_adminunit o
  JOIN geo_adminunit n ON n.level = o.level AND n.valid_from = %(changeover)s
                      AND n.geom && o.geom AND ST_Relate(o.geom, n.geom, '2********')
 CROSS JOIN LATERAL (SELECT ST_Area(ST_Intersection(o.geom, n.geom)::geography) AS m2) a
 WHERE o.valid_to = %(changeover)s AND o.level IN ('province', 'commune')
   AND a.m2 > 1e-4 * o.area_m2
"""

# A new commune's population: the area-weighted sum of the old communes it took over.
NEW_COMMUNE_POPULATION_SQL = """
UPDATE geo_adminunit n SET population = s.population, population_year = 2025
  FROM (SELECT x.new_unit_id, round(sum(x.share_of_old * o.population)) AS population
          FROM geo_unitcrosswalk x JOIN geo_adminunit o ON o.id = x.old_unit_id
         WHERE o.level = 'commune' GROUP BY x.new_unit_id) s
 WHERE n.id = s.new_unit_id
"""

# A parent's population: the sum of its children's (children of ``level`` in one version).
PARENT_POPULATION_SQL = """
UPDATE geo_adminunit p SET population = s.population, population_year = s.year
  FROM (SELECT parent_id, sum(population) AS population, max(population_year) AS year
          FROM geo_adminunit WHERE level = %(child)s AND valid_from = %(valid_from)s
         GROUP BY parent_id) s
 WHERE p.id = s.parent_id
"""


def units_load(cursor, rng) -> dict:
    """Replace every unit (and, by cascade, everything that refers to one)."""
    t = time.perf_counter()
    vn = land()
    old = old_layout(vn, rng)
    t = step(f"old layout: {len(old.provinces)} provinces, {len(old.districts)} districts,"
             f" {len(old.communes):,} communes", t)  # fmt: skip
    new, facts = new_layout(old, rng)
    t = step(f"2025 layout: {len(new.provinces)} provinces, {len(new.communes):,} communes", t)
    population = np.round(rng.lognormal(np.log(8_000), 0.55, len(old.communes))).astype(int)
    for unit, p in zip(old.communes, population, strict=True):
        unit.population = int(p)
    cursor.execute("TRUNCATE geo_adminunit RESTART IDENTITY CASCADE")
    ids: dict[str, int] = {}
    rows = []
    for layout, valid_from, valid_to in ((old, OLD_VALID_FROM, CHANGEOVER), (new, CHANGEOVER, None)):
        for unit in layout.units():
            ids[unit.code] = len(ids) + 1
            rows.append((ids[unit.code], unit.code, unit.name, unit.level, unit.kind, ewkb(unit.geom), "f",
                         valid_from, valid_to, "t", ids.get(unit.parent), unit.population,
                         2024 if unit.population else None))  # fmt: skip
    copy_rows(cursor, "geo_adminunit", COLUMNS, rows)
    cursor.execute("ANALYZE geo_adminunit")
    t = step(f"{len(rows):,} units copied", t)
    params = {"changeover": CHANGEOVER}
    cursor.execute(CROSSWALK_SQL, params)
    t = step(f"{cursor.rowcount:,} crosswalk rows by area overlap", t)
    cursor.execute(NEW_COMMUNE_POPULATION_SQL)
    for child, valid_from in (
        ("commune", OLD_VALID_FROM),
        ("district", OLD_VALID_FROM),
        ("commune", CHANGEOVER),
    ):
        cursor.execute(PARENT_POPULATION_SQL, {"child": child, "valid_from": valid_from})
    step("populations of the new units and of the parents", t)
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('geo_adminunit', 'id'), (SELECT max(id) FROM geo_adminunit))"
    )
    cursor.execute("ANALYZE geo_adminunit, geo_unitcrosswalk")
    cursor.execute(
        "SELECT count(*) FILTER (WHERE share_of_old < 0.999), count(DISTINCT old_unit_id)"
        " FROM geo_unitcrosswalk x JOIN geo_adminunit o ON o.id = x.old_unit_id WHERE o.level = 'commune'"
    )
    partial, mapped = cursor.fetchone()
    return {
        "old_provinces": len(old.provinces),
        "old_districts": len(old.districts),
        "old_communes": len(old.communes),
        "new_provinces": len(new.provinces),
        "new_communes": len(new.communes),
        "old_communes_in_crosswalk": mapped,
        "crosswalk_partial_shares": partial,
        **facts,
    }
