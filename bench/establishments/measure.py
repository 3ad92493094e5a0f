"""Time the filter's first page and counts per case on the national data set, print
plans, write results. Imported after ``django.setup()``."""

import datetime
import json
import re
import statistics
import sys
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.establishments.constants import TARGET_COUNTS_MS, TARGET_PAGE_MS
from bench.national.constants import DENSE, ROOT, RUNS
from bench.national.geography import square_around
from bench.national.results import machine, result_row
from monitoring.establishments.filters import EstablishmentFilter
from monitoring.establishments.selectors import establishment_counts, establishment_list

# --- the measurements ----------------------------------------------------------------------


def cases() -> list[tuple[str, dict]]:
    """The five areas an inspector asks for, in the densest places of the data set."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.code FROM monitoring_establishment e JOIN geo_adminunit u ON u.id = e.commune_id"
            " GROUP BY u.code ORDER BY count(*) DESC, u.code LIMIT 1"
        )
        commune = cursor.fetchone()[0]
        # The current (2025) layout has no districts: the next level up is the province.
        cursor.execute(
            "SELECT p.code FROM monitoring_establishment e JOIN geo_adminunit c ON c.id = e.commune_id"
            " JOIN geo_adminunit p ON p.id = c.parent_id"
            " GROUP BY p.code ORDER BY count(*) ASC, p.code LIMIT 1"
        )
        province = cursor.fetchone()[0]
    lon, lat = DENSE
    x0, y0, x1, y1 = square_around(lon, lat, 7_071)
    ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    polygon = "POLYGON((" + ", ".join(f"{x:.6f} {y:.6f}" for x, y in ring) + "))"
    bbox = ",".join(f"{v:.6f}" for v in square_around(lon, lat, 20_000))
    return [
        ("commune", {"commune": commune}),
        ("polygon 50 km²", {"polygon": polygon}),
        ("radius 2 km", {"point": f"{lon},{lat}", "radius": "2000"}),
        ("province (smallest)", {"province": province}),
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


def establishments_measure(data: dict) -> int:
    """The inspectors' filter (first page of 50, counts) per case; writes
    ``bench/results/establishments.json``."""
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
    out = ROOT / "bench" / "results" / "establishments.json"
    out.write_text(
        json.dumps(
            {
                "title": "Inspectors' filter on the national data set (first page of 50 and counts)",
                "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "machine": machine(connection.cursor()),
                "note": "national data set (bench.national): current communes are the 2025 ones",
                "python": sys.version.split()[0],
                "postgresql": server,
                "jit": jit,
                "code": code_version(),
                "runs": RUNS,
                "targets_ms": {"first_page_p50": TARGET_PAGE_MS, "counts_p50": TARGET_COUNTS_MS},
                "dataset": data,
                "rows": [
                    result_row(
                        f"inspectors' filter {r['case']}: {part.replace('_', ' ')} p50"
                        f" ({r['matches']:,} matches)",
                        r[part]["p50_ms"],
                        "ms",
                        target=f"< {target} ms",
                        met=r[part]["ok"],
                        note=f"p95 {r[part]['p95_ms']} ms",
                    )
                    for r in results
                    for part, target in (("first_page", TARGET_PAGE_MS), ("counts", TARGET_COUNTS_MS))
                ],
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
