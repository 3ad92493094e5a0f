"""The inspectors' establishment filter at national scale: 54 provinces, 773
districts and 10,150 communes tiling Vietnam's land, 1,000,000 establishments (denser
around towns) and about 300,000 inspections, all synthetic and deterministic.

Measures the project's own path, ``establishment_list(filter=EstablishmentFilter.parse(
params))``, for one commune, a drawn polygon of 50 km², a 2 km radius, a district and a
20 km × 20 km map extent: the first page (50 rows by name, id; target < 100 ms) and the
counts (``establishment_counts``; target < 200 ms), p50/p95 over ``BENCH_RUNS`` runs
after one warm-up. Prints the EXPLAIN (ANALYZE, BUFFERS) of the first page for the
polygon and the radius, and of the slowest query of any case that misses its target.

Uses its own database ``bench_monitor`` on the project-local cluster (created when
missing; ``BENCH_DATABASE_URL`` names another one), never the app's. The data set is
built once and kept between runs; ``--rebuild`` builds it again.

Run with ``.venv/bin/python -m bench.establishments`` or ``./dev bench establishments``.
Prints a table and writes ``bench/results/establishments.json``.
"""

import datetime
import io
import json
import os
import platform
import re
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
SEED = 2026
DATASET_VERSION = "establishments-v1"  # change when the builder changes: forces a rebuild

N_ESTABLISHMENTS = 1_000_000
N_INSPECTED = 200_000  # establishments with 1-3 inspections each: about 300,000 inspections
CELL = 0.055  # commune cell in degrees (about 6 km): about 10,000 communes on the land
DISTRICT_CELLS = 4  # a district is 4 × 4 commune cells: 773 districts
PROVINCE_DISTRICTS = 5  # a province is 5 × 5 district cells (cut by the land): 54 provinces
VALID_FROM = "2020-01-01"

TARGET_PAGE_MS = 100
TARGET_COUNTS_MS = 200

# Towns (lon, lat, share of the clustered establishments, spread in degrees). The first
# is the dense area where the polygon, radius and map extent are drawn.
TOWNS = [
    (105.8412, 21.0245, 0.09, 0.08),  # Hà Nội
    (106.6602, 10.7626, 0.11, 0.10),  # TP Hồ Chí Minh
    (108.2022, 16.0544, 0.04, 0.05),  # Đà Nẵng
    (106.6881, 20.8449, 0.035, 0.05),  # Hải Phòng
    (105.7469, 10.0452, 0.03, 0.05),  # Cần Thơ
    (106.8230, 10.9574, 0.03, 0.05),  # Biên Hoà
    (109.1967, 12.2388, 0.02, 0.04),  # Nha Trang
    (107.0843, 10.3460, 0.02, 0.04),  # Vũng Tàu
    (107.5909, 16.4637, 0.02, 0.04),  # Huế
    (105.6813, 18.6796, 0.02, 0.04),  # Vinh
    (107.0448, 20.9712, 0.02, 0.04),  # Hạ Long
    (108.4583, 11.9404, 0.015, 0.03),  # Đà Lạt
]
DENSE = TOWNS[0][:2]
N_OTHER_TOWNS = 60  # province towns at random places on the land
CLUSTERED_SHARE = 0.7

TYPES_WEIGHTS = {
    "karaoke": 0.22,
    "cafe": 0.2,
    "guesthouse": 0.14,
    "hotel": 0.1,
    "massage": 0.1,
    "bar": 0.07,
    "hair_wash": 0.07,
    "discotheque": 0.02,
    "sauna": 0.03,
    "other": 0.05,
}
TYPE_PREFIX = {
    "karaoke": "Karaoke",
    "cafe": "Cà phê",
    "guesthouse": "Nhà nghỉ",
    "hotel": "Khách sạn",
    "massage": "Massage",
    "bar": "Bar",
    "hair_wash": "Gội đầu",
    "discotheque": "Vũ trường",
    "sauna": "Xông hơi",
    "other": "Cơ sở",
}
NAME_WORDS = (  # noqa: SIM905 (easier to read and edit)
    "An Bình Hoa Mai Hồng Lan Ngọc Phương Sao Mai Thanh Xuân Hải Âu Hoàng Gia Kim Long "
    "Minh Châu Phú Quý Tâm An Thiên Ân Trăng Vàng Vạn Phúc Bình Minh Đông Hải Tây Sơn "
    "Hương Sen Ánh Dương Bạch Đằng Cẩm Tú Hạ Long Lam Sơn Nam Phong Phượng Hồng Sông Hàn"
).split()


def database_url() -> str:
    """``BENCH_DATABASE_URL``, else ``bench_monitor`` on the project-local cluster."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    socket = urllib.parse.quote(str(ROOT / "var" / "pg" / "run"), safe="")
    return f"postgis://monitor@{socket}/bench_monitor"


def ensure_database(url: str) -> None:
    """Create the bench database when missing (connecting to ``postgres`` on the same
    server). Refuses any database whose name does not say it is a bench database."""
    import dj_database_url
    import psycopg2

    conf = dj_database_url.parse(url)
    name = conf["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to use database {name!r}: the bench database's name must contain 'bench'")
    kwargs = {
        "dbname": "postgres",
        "host": conf["HOST"] or None,
        "port": conf["PORT"] or None,
        "user": conf["USER"] or None,
        "password": conf["PASSWORD"] or None,
    }
    connection = psycopg2.connect(**{k: v for k, v in kwargs.items() if v})
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"creating database {name}", flush=True)
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


URL = database_url()
if __name__ == "__main__":
    ensure_database(URL)
os.environ["DATABASE_URL"] = URL
os.environ["DEBUG"] = "true"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from monitoring.establishments.filters import EstablishmentFilter  # noqa: E402
from monitoring.establishments.selectors import establishment_counts, establishment_list  # noqa: E402

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
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
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


# --- the measurements ----------------------------------------------------------------------


def _square(lon: float, lat: float, width_m: float) -> tuple[float, float, float, float]:
    half_lat = width_m / 2 / 110_700
    half_lon = width_m / 2 / (111_320 * np.cos(np.radians(lat)))
    return lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat


def cases() -> list[tuple[str, dict]]:
    """The five areas an inspector asks for, in the densest places of the data set."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.code FROM monitoring_establishment e JOIN geo_adminunit u ON u.id = e.commune_id"
            " GROUP BY u.code ORDER BY count(*) DESC, u.code LIMIT 1"
        )
        commune = cursor.fetchone()[0]
        cursor.execute(
            "SELECT d.code FROM monitoring_establishment e JOIN geo_adminunit c ON c.id = e.commune_id"
            " JOIN geo_adminunit d ON d.id = c.parent_id"
            " GROUP BY d.code ORDER BY count(*) DESC, d.code LIMIT 1"
        )
        district = cursor.fetchone()[0]
    lon, lat = DENSE
    x0, y0, x1, y1 = _square(lon, lat, 7_071)
    ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    polygon = "POLYGON((" + ", ".join(f"{x:.6f} {y:.6f}" for x, y in ring) + "))"
    bbox = ",".join(f"{v:.6f}" for v in _square(lon, lat, 20_000))
    return [
        ("commune", {"commune": commune}),
        ("polygon 50 km²", {"polygon": polygon}),
        ("radius 2 km", {"point": f"{lon},{lat}", "radius": "2000"}),
        ("district", {"district": district}),
        ("map extent 20 km", {"bbox": bbox}),
    ]


def first_page(params: dict) -> list:
    queryset = establishment_list(filter=EstablishmentFilter.parse(params))
    return list(queryset.order_by("name", "id")[:50])


def counts(params: dict) -> dict:
    queryset = establishment_list(filter=EstablishmentFilter.parse(params), annotate=False)
    return establishment_counts(queryset=queryset)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(function, params: dict) -> dict:
    function(params)  # warm-up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function(params)
        times.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1)}


def index_names() -> dict[str, str]:
    """Index name → access method, for the tables the filter reads."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am am ON am.oid = c.relam"
            " WHERE t.relname IN ('monitoring_establishment', 'monitoring_inspection', 'geo_adminunit')"
        )
        return dict(cursor.fetchall())


def indexes_in(plan: str, indexes: dict[str, str]) -> dict[str, list[str]]:
    words = set(re.findall(r"[A-Za-z0-9_]+", plan))
    used = sorted(name for name in indexes if name in words)
    return {"indexes": used, "gist": [name for name in used if indexes[name] == "gist"]}


def explain_first_page(params: dict) -> str:
    queryset = establishment_list(filter=EstablishmentFilter.parse(params))
    return queryset.order_by("name", "id")[:50].explain(analyze=True, buffers=True)


def explain_slowest(function, params: dict) -> tuple[float, str, str]:
    """The slowest SQL statement ``function`` runs, with its EXPLAIN (ANALYZE, BUFFERS)."""
    with CaptureQueriesContext(connection) as captured:
        function(params)
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return float(slowest["time"]) * 1000, slowest["sql"], plan


def code_version() -> dict:
    """The commit measured, and whether the filter's code differed from it (others may be
    editing the tree while the bench runs)."""
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(  # noqa: S603
                ["git", *args],  # noqa: S607
                cwd=ROOT,
                capture_output=True,
                text=True,
            ).stdout.strip()
        except OSError:
            return ""

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": git("status", "--porcelain", "--", "monitoring/establishments").splitlines(),
    }


def main() -> int:
    rebuild = "--rebuild" in sys.argv[1:]
    settings = connection.settings_dict
    print(f"bench database: {settings['NAME']} on {settings['HOST'] or 'localhost'}")
    call_command("migrate", verbosity=0)
    data = None if rebuild else dataset()
    if data is None:
        print("building the national data set", flush=True)
        data = build()
    else:
        print(
            f"data set kept from {data['built_at']} (built in {data['build_seconds']} s; --rebuild to redo)"
        )
    print(
        f"{data['provinces']} provinces, {data['districts']} districts, {data['communes']:,} communes,"
        f" {data['establishments']:,} establishments ({data['placed_in_commune']:,} in a commune),"
        f" {data['inspections']:,} inspections"
    )
    indexes = index_names()
    results, plans = [], {}
    for label, params in cases():
        filter_ = EstablishmentFilter.parse(params)
        row = {"case": label, "params": params}
        if filter_.polygon is not None:
            row["polygon_km2"] = round(filter_.polygon.transform(3405, clone=True).area / 1e6, 2)
        row["matches"] = counts(params)["total"]
        row["first_page"] = timed(first_page, params)
        row["counts"] = timed(counts, params)
        row["first_page"]["ok"] = row["first_page"]["p50_ms"] < TARGET_PAGE_MS
        row["counts"]["ok"] = row["counts"]["p50_ms"] < TARGET_COUNTS_MS
        plan = explain_first_page(params)
        row["first_page"]["plan_indexes"] = indexes_in(plan, indexes)
        if label.startswith(("polygon", "radius")) or not row["first_page"]["ok"]:
            plans[f"{label}: first page"] = plan
        if not row["counts"]["ok"]:
            ms, sql, count_plan = explain_slowest(counts, params)
            row["counts"]["slowest_query_ms"] = round(ms, 1)
            row["counts"]["slowest_query_indexes"] = indexes_in(count_plan, indexes)
            plans[f"{label}: counts, slowest query ({ms:.0f} ms)"] = sql[:2000] + "\n\n" + count_plan
        results.append(row)
        print(f"  measured {label}", flush=True)

    for title, plan in plans.items():
        print(f"\n--- EXPLAIN (ANALYZE, BUFFERS) {title}\n{plan}")
    print(
        f"\ntargets: first page p50 < {TARGET_PAGE_MS} ms, counts p50 < {TARGET_COUNTS_MS} ms ({RUNS} runs)"
    )
    print(
        f"{'case':18} {'matches':>8} {'page p50':>9} {'p95':>7}        {'counts p50':>10} {'p95':>7}"
        "        GiST in page plan"
    )
    for r in results:
        page, count = r["first_page"], r["counts"]
        print(
            f"{r['case']:18} {r['matches']:8,} {page['p50_ms']:9} {page['p95_ms']:7} "
            f"{'ok' if page['ok'] else 'MISSED':6} {count['p50_ms']:10} {count['p95_ms']:7} "
            f"{'ok' if count['ok'] else 'MISSED':6} {', '.join(page['plan_indexes']['gist']) or 'none'}"
        )
    version = code_version()
    print(
        f"code: {version['commit']}" + (" with uncommitted changes" if version["uncommitted_changes"] else "")
    )
    missed = [r["case"] for r in results if not (r["first_page"]["ok"] and r["counts"]["ok"])]
    if missed:
        print(f"MISSED targets: {', '.join(missed)} (plans above)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    out = Path(__file__).parent / "results" / "establishments.json"
    out.write_text(
        json.dumps(
            {
                "machine": platform.machine(),
                "cpus": os.cpu_count(),
                "date": datetime.date.today().isoformat(),
                "python": sys.version.split()[0],
                "postgresql": server,
                "jit": jit,
                "code": code_version(),
                "runs": RUNS,
                "targets_ms": {"first_page_p50": TARGET_PAGE_MS, "counts_p50": TARGET_COUNTS_MS},
                "dataset": data,
                "results": results,
                "gist_index_used": {
                    r["case"]: bool(r["first_page"]["plan_indexes"]["gist"]) for r in results
                },
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
