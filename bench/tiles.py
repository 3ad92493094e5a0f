"""Vector tiles at zoom 6, 9 and 12 around the dense town of the national data set
(``bench.national``: 1,000,000 establishments, 3,321 current communes): p50/p95 of the
whole request (Django view, session, area, properties) against the raw ``ST_AsMVT``
query of the same tile (bare columns, no scope), so the app's own cost shows; the
product's own tile SQL (the layer's properties and the user's area, run bare) is printed
beside them, so a miss shows how much is SQL and how much the request.

Below a layer's first zoom (establishments: 10) the app answers an empty tile without
SQL while the raw query still encodes every point: those rows have no target. The
profile of a miss is the request's floor: the same request for such an empty tile
(session, user, permissions, area, key; no tile SQL), measured in the same run.

``python -m bench.national tiles`` (or ``python -m bench.tiles``); ``BENCH_RUNS`` per tile
(default 5). Prints a table and writes ``bench/results/tiles.json`` in the shape of
``bench.national.results``.
"""

import os
import statistics
import sys
import time

from bench.national.database import django_setup

django_setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.national.constants import DENSE  # noqa: E402
from bench.national.dataset import dataset_for_bench  # noqa: E402
from bench.national.results import result_row, result_write  # noqa: E402
from geo.areas import Area  # noqa: E402
from monitoring.layers import layer_get  # noqa: E402
from monitoring.tiles.mvt import tile_bytes  # noqa: E402
from tests.api_world import tile_of  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TARGET_RATIO = 1.5
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
            app_ms, raw_ms, sql_ms, sizes = [], [], [], []
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
                    sql_ms.append(
                        timed(lambda z=z, x=x, y=y, layer=layer: _product_sql(layer, user, z, x, y))[0]
                    )
            row = {
                "layer": layer,
                "z": z,
                "tiles": len(tiles(z)),
                "app_p50_ms": round(statistics.median(app_ms), 1),
                "app_p95_ms": round(percentile(app_ms, 95), 1),
                "raw_p50_ms": round(statistics.median(raw_ms), 1),
                "raw_p95_ms": round(percentile(raw_ms, 95), 1),
                "product_sql_p50_ms": round(statistics.median(sql_ms), 1),
                "product_sql_p95_ms": round(percentile(sql_ms, 95), 1),
                "max_kb": round(max(sizes) / 1024, 1),
            }
            rows.append(row)
            print(f"  measured {layer} z{z}", flush=True)
    floor = _floor(client, templates["establishments"])
    print(f"\nvector tiles around {DENSE}, 9 tiles per zoom, {RUNS} runs each")
    print(
        f"{'layer':<16}{'z':>3} {'app p50':>9} {'app p95':>9} {'raw p50':>9} {'raw p95':>9}"
        f" {'sql p95':>9} {'max KB':>8}"
    )
    for r in rows:
        print(
            f"{r['layer']:<16}{r['z']:>3} {r['app_p50_ms']:>9} {r['app_p95_ms']:>9}"
            f" {r['raw_p50_ms']:>9} {r['raw_p95_ms']:>9} {r['product_sql_p95_ms']:>9} {r['max_kb']:>8}"
        )
    print(f"request floor (empty tile, no SQL): p50 {floor['p50_ms']} ms, p95 {floor['p95_ms']} ms")
    with connection.cursor() as cursor:
        result_write(
            "tiles",
            title=f"Vector tiles around {DENSE}: whole request vs raw ST_AsMVT (p95), {RUNS} runs × 9 tiles",
            rows=[_result(r, floor) for r in rows],
            dataset=data,
            details={"tiles": rows, "request_floor": floor},
            cursor=cursor,
        )
    return 0


def _product_sql(layer: str, user, z: int, x: int, y: int) -> None:
    """The product's own tile query (the layer's properties, the user's area), bare."""
    tile_bytes(layer_get(layer), scope=Area.of(user), z=z, x=x, y=y)


def _floor(client, template: str) -> dict:
    """The whole request for an empty tile (below the layer's first zoom): what every
    tile costs before its SQL."""
    z = layer_get("establishments").tile_min_zoom - 1
    times = []
    for x, y in tiles(z):
        for _ in range(RUNS):
            ms, response = timed(lambda x=x, y=y: client.get(template.format(z=z, x=x, y=y)))
            assert response.status_code == 200 and not response.content
            times.append(ms)
    return {"z": z, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1)}


def _result(r: dict, floor: dict) -> dict:
    measurement = f"vector tile {r['layer']} z{r['z']}: whole request p95"
    note = (
        f"p50 {r['app_p50_ms']} vs {r['raw_p50_ms']} ms; the product's own tile SQL (its properties,"
        f" the area) p95 {r['product_sql_p95_ms']} ms + request floor p95 {floor['p95_ms']} ms;"
        f" largest tile {r['max_kb']} KB"
    )
    if r["layer"] == "establishments" and r["z"] < layer_get("establishments").tile_min_zoom:
        return result_row(
            measurement, r["app_p95_ms"], "ms", reference=r["raw_p95_ms"], reference_label="raw ST_AsMVT p95",
            note="below the layer's first zoom: the app answers an empty tile without SQL",
        )  # fmt: skip
    ratio = r["app_p95_ms"] / r["raw_p95_ms"] if r["raw_p95_ms"] else float("inf")
    return result_row(
        measurement,
        r["app_p95_ms"],
        "ms",
        reference=r["raw_p95_ms"],
        reference_label="raw ST_AsMVT p95",
        target=f"≤ {TARGET_RATIO}× raw",
        met=ratio <= TARGET_RATIO,
        note=f"overhead {ratio:.2f}×; {note}",
    )


if __name__ == "__main__":
    sys.exit(main())
