"""Build (once) the deterministic national data set: units tiling Vietnam's land,
1,000,000 establishments and their inspections. Imported after ``django.setup()``."""

import datetime
import io
import json
import os
import time

import numpy as np
from django.db import connection, transaction

from bench.establishments.constants import *

# --- the data set ------------------------------------------------------------------------


def land():
    import shapely
    from shapely.geometry import shape

    features = json.loads((ROOT / "fixtures" / "osm" / "region_countries.geojson").read_text())["features"]
    geom = next(shape(f["geometry"]) for f in features if f["properties"]["iso3"] == "VNM")
    shapely.prepare(geom)
    return geom


def _polygonal(geom):
    """The polygons of an intersection as a valid MultiPolygon, or None."""
    import shapely
    from shapely.geometry import MultiPolygon

    if geom is None or geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0]
    parts = [q for p in parts for q in (shapely.get_parts(p) if p.geom_type != "Polygon" else [p])]
    if not parts:
        return None
    multi = MultiPolygon(parts)
    return multi if multi.is_valid else None


def tiling(vn) -> tuple[list, list, list]:
    """Provinces, districts and communes as (code, name, parent code, MultiPolygon):
    square cells of a grid cut by the land, nested cells for the higher levels."""
    import shapely

    district_size = CELL * DISTRICT_CELLS
    province_size = district_size * PROVINCE_DISTRICTS
    minx, miny, maxx, maxy = vn.bounds
    x0 = np.floor(minx / province_size) * province_size
    y0 = np.floor(miny / province_size) * province_size
    ni = int(np.ceil((maxx - x0) / province_size))
    nj = int(np.ceil((maxy - y0) / province_size))
    provinces, districts, communes = [], [], []
    # North to south, west to east, as codes are read.
    for pj in reversed(range(nj)):
        for pi in range(ni):
            px, py = x0 + pi * province_size, y0 + pj * province_size
            pgeom = _polygonal(vn.intersection(shapely.box(px, py, px + province_size, py + province_size)))
            if pgeom is None:
                continue
            pcode = f"BP{len(provinces) + 1:02d}"
            pdistricts = []
            for dj in reversed(range(PROVINCE_DISTRICTS)):
                for di in range(PROVINCE_DISTRICTS):
                    dx, dy = px + di * district_size, py + dj * district_size
                    dbox = shapely.box(dx, dy, dx + district_size, dy + district_size)
                    dgeom = _polygonal(pgeom.intersection(dbox))
                    if dgeom is None:
                        continue
                    cj, ci = np.mgrid[DISTRICT_CELLS - 1 : -1 : -1, 0:DISTRICT_CELLS]
                    cx, cy = dx + ci.ravel() * CELL, dy + cj.ravel() * CELL
                    cells = shapely.intersection(dgeom, shapely.box(cx, cy, cx + CELL, cy + CELL))
                    dcommunes = [g for g in (_polygonal(c) for c in cells) if g is not None]
                    if not dcommunes:
                        continue
                    dcode = f"BD{len(districts) + len(pdistricts) + 1:04d}"
                    pdistricts.append((dcode, f"Huyện {dcode[2:]}", pcode, dgeom))
                    for g in dcommunes:
                        ccode = f"BX{len(communes) + 1:05d}"
                        communes.append((ccode, f"Xã {ccode[2:]}", dcode, g))
            if pdistricts:
                provinces.append((pcode, f"Tỉnh {pcode[2:]}", None, pgeom))
                districts.extend(pdistricts)
    return provinces, districts, communes


def establishment_points(vn, rng) -> np.ndarray:
    """``N_ESTABLISHMENTS`` points on the land: 70 % around towns, the rest anywhere."""
    import shapely

    minx, miny, maxx, maxy = vn.bounds

    def on_land(xy):
        return xy[shapely.contains_xy(vn, xy[:, 0], xy[:, 1])]

    others = []
    while sum(len(o) for o in others) < N_OTHER_TOWNS:
        others.append(on_land(rng.uniform((minx, miny), (maxx, maxy), (200, 2))))
    others = np.vstack(others)[:N_OTHER_TOWNS]
    centres = np.vstack([np.array([t[:2] for t in TOWNS]), others])
    named_share = np.array([t[2] for t in TOWNS])
    shares = np.concatenate([named_share, np.full(N_OTHER_TOWNS, (1 - named_share.sum()) / N_OTHER_TOWNS)])
    spreads = np.concatenate([[t[3] for t in TOWNS], rng.uniform(0.02, 0.06, N_OTHER_TOWNS)])
    n_clustered = int(N_ESTABLISHMENTS * CLUSTERED_SHARE)
    points = []
    while sum(len(p) for p in points) < n_clustered:
        which = rng.choice(len(centres), 400_000, p=shares)
        xy = centres[which] + rng.normal(0, 1, (400_000, 2)) * spreads[which, None]
        points.append(on_land(xy))
    clustered = np.vstack(points)[:n_clustered]
    points = []
    n_spread = N_ESTABLISHMENTS - n_clustered
    while sum(len(p) for p in points) < n_spread:
        points.append(on_land(rng.uniform((minx, miny), (maxx, maxy), (1_000_000, 2))))
    spread = np.vstack(points)[:n_spread]
    xy = np.vstack([clustered, spread])
    return xy[rng.permutation(len(xy))]


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(r"\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _ewkb(geom) -> str:
    import shapely

    return shapely.to_wkb(shapely.set_srid(geom, 4326), hex=True, include_srid=True)


def _step(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label:48} {now - started:7.1f} s", flush=True)
    return now


def build() -> dict:
    """Replace every unit, establishment and inspection in the bench database."""
    import shapely

    rng = np.random.default_rng(SEED)
    t0 = t = time.perf_counter()
    vn = land()
    provinces, districts, communes = tiling(vn)
    t = _step(f"tiling: {len(provinces)} provinces, {len(districts)} districts, {len(communes)} communes", t)
    xy = establishment_points(vn, rng)
    t = _step(f"{len(xy):,} establishment points", t)

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE monitoring_inspection, monitoring_establishment, monitoring_counsellingpoint,"
            " monitoring_treatmentfacility, geo_adminunit RESTART IDENTITY CASCADE"
        )
        ids: dict[str, int] = {}
        columns = [
            "id",
            "code",
            "name",
            "level",
            "kind",
            "geom",
            "is_border",
            "valid_from",
            "is_demo",
            "parent_id",
        ]
        for level, units in (("province", provinces), ("district", districts), ("commune", communes)):
            rows = []
            for code, name, parent, geom in units:
                ids[code] = len(ids) + 1
                kind = "xa" if level == "commune" else ""
                rows.append(
                    (ids[code], code, name, level, kind, _ewkb(geom), "f", VALID_FROM, "t", ids.get(parent))
                )
            _copy(cursor, "geo_adminunit", columns, rows)
        t = _step(f"{len(ids):,} administrative units copied", t)

        # Secondary indexes are built once after the load, not row by row.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN"
            " ('monitoring_establishment', 'monitoring_inspection') AND indexname NOT LIKE '%%_pkey'"
        )
        index_defs = cursor.fetchall()
        for name, _ in index_defs:
            cursor.execute(f'DROP INDEX "{name}"')

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
            _copy(cursor, "bench_stage", columns, rows)
        t = _step(f"{len(xy):,} establishments staged (COPY)", t)
        # The commune trigger's rule (geo_commune_at: the covering current commune with the
        # smallest code) applied once to the whole set instead of row by row.
        cursor.execute("ANALYZE geo_adminunit")
        cursor.execute("ANALYZE bench_stage")
        select = (
            "SELECT s.id, s.location, true, s.type, s.name, s.address, s.licence_number, s.prone,"
            " s.status, c.id"
            " FROM bench_stage s LEFT JOIN LATERAL ("
            "   SELECT u.id FROM geo_adminunit u"
            "   WHERE u.level = 'commune' AND u.valid_to IS NULL AND ST_Covers(u.geom, s.location)"
            "   ORDER BY u.code LIMIT 1) c ON true"
        )
        if os.environ.get("BENCH_EXPLAIN_LOAD"):
            cursor.execute("EXPLAIN " + select)
            print("\n".join(r[0] for r in cursor.fetchall()))
        cursor.execute(
            "ALTER TABLE monitoring_establishment DISABLE TRIGGER monitoring_establishment_commune"
        )
        cursor.execute(
            "INSERT INTO monitoring_establishment"
            " (id, location, is_demo, type, name, address, licence_number, prone, status, commune_id) "
            + select
        )
        t = _step("establishments inserted with their communes", t)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # foreign keys checked before ENABLE
        cursor.execute("ALTER TABLE monitoring_establishment ENABLE TRIGGER monitoring_establishment_commune")
        t = _step("foreign keys checked, commune trigger enabled", t)

        inspected = rng.choice(len(xy), N_INSPECTED, replace=False) + 1
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
                )
            )
        _copy(
            cursor,
            "monitoring_inspection",
            ["id", "date", "team", "result", "violations", "follow_up_due", "establishment_id"],
            rows,
        )
        t = _step(f"{len(rows):,} inspections copied", t)
        for name, definition in index_defs:
            cursor.execute(definition)
            t = _step(f"index {name}", t)
        for table in ("geo_adminunit", "monitoring_establishment", "monitoring_inspection"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dataset"
            " (name text PRIMARY KEY, built_at timestamptz, seconds float, facts jsonb)"
        )
        facts = {
            "provinces": len(provinces),
            "districts": len(districts),
            "communes": len(communes),
            "establishments": len(xy),
            "inspections": len(rows),
        }
        cursor.execute(
            "INSERT INTO bench_dataset VALUES (%s, now(), %s, %s) ON CONFLICT (name) DO UPDATE"
            " SET built_at = EXCLUDED.built_at, seconds = EXCLUDED.seconds, facts = EXCLUDED.facts",
            [DATASET_VERSION, round(time.perf_counter() - t0, 1), json.dumps(facts)],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE geo_adminunit, monitoring_establishment, monitoring_inspection")
        cursor.execute(
            "UPDATE bench_dataset SET seconds = %s WHERE name = %s",
            [round(time.perf_counter() - t0, 1), DATASET_VERSION],
        )
    _step("ANALYZE", t)
    print(f"data set built in {time.perf_counter() - t0:.1f} s", flush=True)
    return dataset()


def dataset() -> dict | None:
    """The data set already in the bench database, or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_dataset') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute(
            "SELECT built_at, seconds, facts FROM bench_dataset WHERE name = %s", [DATASET_VERSION]
        )
        row = cursor.fetchone()
        if row is None:
            return None
        cursor.execute("SELECT count(*), count(commune_id) FROM monitoring_establishment")
        total, placed = cursor.fetchone()
    facts = row[2] if isinstance(row[2], dict) else json.loads(row[2])
    if total != facts["establishments"]:
        return None
    return {"built_at": row[0].isoformat(), "build_seconds": row[1], **facts, "placed_in_commune": placed}
