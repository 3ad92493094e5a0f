"""Area filters at 1,000,000 establishments: one commune, a drawn polygon of 50 km², a
2 km radius and a 20 km map extent, in the densest town of the data set.

Server time is the real view the inspectors' map and scripts call,
``/maps/establishments/items.json`` (filter parse, ``establishment_list``, pagination
with its count, the rows' GeoJSON serialisation, the JSON response), through Django's
test client as an administrator (no user scope, no HTTP socket). The reference is the
SQL that request sends to the database (captured from the ORM and sent again with
psycopg2 on its own connection with the same session options), timed in the same run.
Target: server p95 < 50 ms and server p50 ≤ 1.5 × the SQL's p50. A case over target is
profiled: EXPLAIN (ANALYZE, BUFFERS) of its slowest statement and cProfile of the view.
"""

import cProfile
import io
import pstats
import time
import urllib.parse

import numpy as np
import psycopg2
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.national.constants import DENSE, RUNS
from bench.national.database import connect_kwargs
from bench.national.geography import square_around
from bench.national.results import result_row, result_write
from bench.national.timing import percentile

__all__ = ["area_filters_measure"]

URL = "/maps/establishments/items.json"
TARGET_P95_MS = 50
TARGET_OVERHEAD = 1.5


def cases() -> list[tuple[str, dict]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.code FROM monitoring_establishment e JOIN geo_adminunit u ON u.id = e.commune_id"
            " WHERE u.valid_to IS NULL GROUP BY u.code ORDER BY count(*) DESC, u.code LIMIT 1"
        )
        commune = cursor.fetchone()[0]
    lon, lat = DENSE
    x0, y0, x1, y1 = square_around(lon, lat, 7_071)
    ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    polygon = "POLYGON((" + ", ".join(f"{x:.6f} {y:.6f}" for x, y in ring) + "))"
    bbox = ",".join(f"{v:.6f}" for v in square_around(lon, lat, 20_000))
    return [
        ("commune", {"commune": commune}),
        ("polygon 50 km²", {"polygon": polygon}),
        ("radius 2 km", {"point": f"{lon},{lat}", "radius": "2000"}),
        ("map extent 20 km", {"bbox": bbox}),
    ]


def _is_data_query(sql: str) -> bool:
    return "monitoring_" in sql or "geo_" in sql


class BareSql:
    """The request's data statements sent again on a plain psycopg2 connection."""

    def __init__(self):
        settings = connection.settings_dict
        kwargs = connect_kwargs(settings)
        options = (settings.get("OPTIONS") or {}).get("options")
        self.connection = psycopg2.connect(**kwargs, **({"options": options} if options else {}))
        self.connection.autocommit = True

    def run(self, statements: list[str]) -> None:
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    def close(self):
        self.connection.close()


def _profile(client: Client, url: str, slowest_sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return {"explain": plan, "cprofile_top25_cumulative": out.getvalue()}


def area_filters_measure(data: dict) -> list[dict]:
    user, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    bare = BareSql()
    rows, details = [], {}
    try:
        for label, params in cases():
            url = f"{URL}?{urllib.parse.urlencode(params)}"
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
            body = response.json()
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries = list(captured.captured_queries)  # the next request clears the log
            statements = [q["sql"] for q in queries if _is_data_query(q["sql"])]
            server_times, sql_times = [], []
            client.get(url)
            bare.run(statements)
            # Interleaved, so both see the same load on a shared machine.
            for _ in range(RUNS):
                t = time.perf_counter()
                client.get(url)
                server_times.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                bare.run(statements)
                sql_times.append((time.perf_counter() - t) * 1000)
            server = {
                "p50": round(float(np.median(server_times)), 1),
                "p95": round(percentile(server_times, 95), 1),
            }
            sql = {"p50": round(float(np.median(sql_times)), 1), "p95": round(percentile(sql_times, 95), 1)}
            overhead = round(server["p50"] / sql["p50"], 2) if sql["p50"] else None
            slowest = max(queries, key=lambda q: float(q["time"]))
            case = {
                "params": params,
                "matches": body.get("numberMatched"),
                "features": len(body.get("features", [])),
                "bytes": len(response.content),
                "statements": len(statements),
                "all_statements": len(queries),
                "server_ms": server,
                "sql_ms": sql,
                "overhead": overhead,
                "slowest_statement": {
                    "ms": round(float(slowest["time"]) * 1000, 1),
                    "sql": slowest["sql"][:3000],
                },
            }
            p95_ok = server["p95"] < TARGET_P95_MS
            overhead_ok = overhead is not None and overhead <= TARGET_OVERHEAD
            if not (p95_ok and overhead_ok):
                case["profile"] = _profile(client, url, slowest["sql"])
            details[label] = case
            rows.append(
                result_row(
                    f"area filter {label}: items.json p50 ({case['matches']:,} matches, page of 500)",
                    server["p50"],
                    "ms",
                    reference=sql["p50"],
                    reference_label="ms bare SQL p50",
                    target=f"≤ {TARGET_OVERHEAD}× SQL",
                    met=overhead_ok,
                    note=f"overhead {overhead}×",
                )
            )
            rows.append(
                result_row(
                    f"area filter {label}: items.json p95",
                    server["p95"],
                    "ms",
                    reference=sql["p95"],
                    reference_label="ms bare SQL p95",
                    target=f"< {TARGET_P95_MS} ms",
                    met=p95_ok,
                )
            )
            print(f"  measured {label}: server {server}, SQL {sql}", flush=True)
    finally:
        bare.close()
    for label, case in details.items():
        if "profile" in case:
            print(
                f"\n--- {label}: EXPLAIN (ANALYZE, BUFFERS) of the slowest statement\n"
                f"{case['profile']['explain']}"
            )
            print(
                f"\n--- {label}: cProfile (top 25, cumulative)\n"
                f"{case['profile']['cprofile_top25_cumulative']}"
            )
    with connection.cursor() as cursor:
        result_write(
            "national_area_filters",
            title=f"Area filters at {data['establishments']:,} establishments"
            f" (server vs bare SQL, {RUNS} runs)",
            rows=rows,
            dataset=data,
            details=details,
            cursor=cursor,
        )
    return rows
