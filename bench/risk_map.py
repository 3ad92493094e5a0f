"""Risk map on the demo province: server time of the page (target < 300 ms) and the
size of its map data gzip-compressed (target < 500 KB).

Run with ``./dev bench`` (or ``python -m bench.risk_map`` inside the venv with the
demo province loaded). Prints a table and writes ``bench/results/risk_map.json``.
"""

import gzip
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

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


def main() -> int:
    setup_test_environment()
    user, _ = User.objects.get_or_create(username="bench-leader")
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
    out = Path(__file__).parent / "results" / "risk_map.json"
    out.write_text(
        json.dumps(
            {
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "python": sys.version.split()[0],
                "runs": RUNS,
                "results": results,
            },
            indent=2,
        )
    )
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
