"""Risk map on the demo province: server time of the page (target < 300 ms) and the
size of its map data gzip-compressed (target < 500 KB); a period switch as the page makes
it (``state.json``: target ≤ 150 ms and ≤ 30 KB transferred), next to the page's own
time in the same run.

Run with ``./dev bench`` (or ``python -m bench.risk_map`` inside the venv with the
demo province loaded). Prints a table and writes ``bench/results/risk_map.json``.
"""

import gzip
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.accounts import demo_account  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
PAGES = [
    ("rate, month (default view)", "/maps/risk/?period=2026-10&measure=rate:illegal_users"),
    ("classification, year", "/maps/risk/?period=2025&measure=classification"),
    ("risk score, quarter", "/maps/risk/?period=2026-Q3&measure=risk"),
    ("districts, change", "/maps/risk/?period=2026-10&measure=change:illegal_users&level=district"),
]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


SWITCHES = [
    ("rate, month to month", "/maps/risk/state.json?measure=rate:illegal_users&period={}", "2026-{:02}"),
    ("classification, year to year", "/maps/risk/state.json?measure=classification&period={}", "{}"),
]


def _switches(client) -> list[dict]:
    """Each switch steps through other periods (a reader's next clicks), never the same
    one twice in a row."""
    out = []
    for label, url, period in SWITCHES:
        keys = [period.format(m) for m in range(1, 11)] if "{:02}" in period else ["2024", "2025", "2026"]
        client.get(url.format(keys[0]))
        times = []
        for i in range(RUNS):
            start = time.perf_counter()
            response = client.get(url.format(keys[(i + 1) % len(keys)]))
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        body = response.content
        out.append(
            {
                "switch": label,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "json_kb": round(len(body) / 1024, 1),
                "gzip_kb": round(len(gzip.compress(body, 6)) / 1024, 1),
            }
        )
    return out


def main() -> int:
    setup_test_environment()
    user = demo_account("bench-leader", ("leader",))
    client = Client()
    client.force_login(user)
    results = []
    for label, url in PAGES:
        client.get(url)  # warm caches (simplified shapes, bands)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        body = response.content
        results.append(
            {
                "page": label,
                "url": url,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "html_kb": round(len(body) / 1024, 1),
                "gzip_kb": round(len(gzip.compress(body, 6)) / 1024, 1),
            }
        )
    print("targets: p50 server time < 300 ms, map data < 500 KB gzip")
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'HTML KB':>8} {'gzip KB':>8}")
    for r in results:
        flag = "ok" if r["p50_ms"] < 300 and r["gzip_kb"] < 500 else "MISSED"
        print(f"{r['page']:34} {r['p50_ms']:8} {r['p95_ms']:8} {r['html_kb']:8} {r['gzip_kb']:8}   {flag}")
    switches = _switches(client)
    print("period switch (state.json): target ≤ 150 ms, ≤ 30 KB gzip")
    for s in switches:
        flag = "ok" if s["p50_ms"] <= 150 and s["gzip_kb"] <= 30 else "MISSED"
        print(f"{s['switch']:34} {s['p50_ms']:8} {s['p95_ms']:8} {s['json_kb']:8} {s['gzip_kb']:8}   {flag}")
    from django.db import connection

    from bench.national.results import result_row, result_write

    rows = [
        result_row(
            f"demo risk map page: {r['page']}: p50",
            r["p50_ms"],
            "ms",
            target="< 300 ms, < 500 KB gzip",
            met=r["p50_ms"] < 300 and r["gzip_kb"] < 500,
            note=f"p95 {r['p95_ms']} ms, {r['gzip_kb']} KB gzip",
        )
        for r in results
    ] + [
        result_row(
            f"demo risk map period switch (state.json): {s['switch']}: p50",
            s["p50_ms"],
            "ms",
            reference=results[0]["p50_ms"],
            reference_label="ms whole page, same run",
            target="≤ 150 ms, ≤ 30 KB gzip",
            met=s["p50_ms"] <= 150 and s["gzip_kb"] <= 30,
            note=f"p95 {s['p95_ms']} ms, {s['gzip_kb']} KB gzip",
        )
        for s in switches
    ]
    with connection.cursor() as cursor:
        result_write(
            "risk_map", title="Risk map on the demo province", rows=rows, details=results, cursor=cursor
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
