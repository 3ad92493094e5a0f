"""Vector tiles at zoom 6, 9 and 12 around the dense town of the national data set
(``bench.national``: 1,000,000 establishments, 3,321 current communes): p50/p95 of the
whole request (Django view, token authentication, area, properties) against the raw
``ST_AsMVT`` query of the same tile (bare columns, no scope), so the app's own cost shows.

``python -m bench.tiles`` (or ``./dev bench tiles``); ``BENCH_RUNS`` per tile (default 5).
Prints a table and writes ``bench/results/tiles.json``.
"""

import json
import os
import statistics
import sys
import time

from bench.national.database import django_setup

django_setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.national.constants import DENSE, ROOT  # noqa: E402
from bench.national.dataset import dataset_for_bench  # noqa: E402
from tests.api_world import tile_of  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ZOOMS = (6, 9, 12)  # establishments start at zoom 10: their row at 6 and 9 is the empty tile
RAW = {
    "communes": (
        "SELECT ST_AsMVT(m, 'communes', 4096, 'geom') FROM (SELECT u.code,"
        " ST_AsMVTGeom(ST_Transform(u.geom, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 64, true)"
        " AS geom"
        " FROM geo_adminunit u"
        " WHERE u.level = 'commune' AND u.valid_to IS NULL"
        " AND u.geom && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4326)) m"
    ),
    "establishments": (
        "SELECT ST_AsMVT(m, 'establishments', 4096, 'geom') FROM (SELECT e.id, ST_AsMVTGeom("
        "ST_Transform(e.location, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 0, true) AS geom"
        " FROM monitoring_establishment e"
        " WHERE e.location && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4326)) m"
    ),
}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def tiles(z: int) -> list[tuple[int, int]]:
    x, y = tile_of(*DENSE, z)
    return [(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]


def timed(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def main() -> int:
    data = dataset_for_bench() or {}
    print(f"bench database: {data.get('establishments')} establishments, {data.get('new_communes')} communes")
    user = User.objects.get_or_create(username="bench-tiles", defaults={"is_superuser": True})[0]
    client = Client()
    client.force_login(user)
    # The keyed URL of the TileJSON, as QGIS and MapLibre ask for it (its key is checked).
    templates = {
        layer: client.get(f"/tiles/{layer}.json").json()["tiles"][0].removeprefix("http://testserver")
        for layer in RAW
    }
    rows = []
    for layer in RAW:
        for z in ZOOMS:
            app_ms, raw_ms, sizes = [], [], []
            for x, y in tiles(z):
                for _ in range(RUNS):
                    url = templates[layer].format(z=z, x=x, y=y)
                    ms, response = timed(lambda url=url: client.get(url))
                    assert response.status_code == 200, response.content[:200]
                    app_ms.append(ms)
                    sizes.append(len(response.content))
                    with connection.cursor() as cursor:
                        sql, args = RAW[layer], {"z": z, "x": x, "y": y}
                        ms, _ = timed(lambda c=cursor, sql=sql, args=args: c.execute(sql, args))
                        cursor.fetchone()
                    raw_ms.append(ms)
            row = {
                "layer": layer,
                "z": z,
                "tiles": len(tiles(z)),
                "app_p50_ms": round(statistics.median(app_ms), 1),
                "app_p95_ms": round(percentile(app_ms, 95), 1),
                "raw_p50_ms": round(statistics.median(raw_ms), 1),
                "raw_p95_ms": round(percentile(raw_ms, 95), 1),
                "max_kb": round(max(sizes) / 1024, 1),
            }
            rows.append(row)
            print(f"  measured {layer} z{z}", flush=True)
    print(f"\nvector tiles around {DENSE}, 9 tiles per zoom, {RUNS} runs each")
    print(f"{'layer':<16}{'z':>3} {'app p50':>9} {'app p95':>9} {'raw p50':>9} {'raw p95':>9} {'max KB':>8}")
    for r in rows:
        print(
            f"{r['layer']:<16}{r['z']:>3} {r['app_p50_ms']:>9} {r['app_p95_ms']:>9}"
            f" {r['raw_p50_ms']:>9} {r['raw_p95_ms']:>9} {r['max_kb']:>8}"
        )
    out = ROOT / "bench" / "results" / "tiles.json"
    out.write_text(
        json.dumps(
            {
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "runs": RUNS,
                "results": rows,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
