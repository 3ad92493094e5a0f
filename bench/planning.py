"""Planning on the demo province: coverage of the counselling points (target < 200 ms)
an MCLP siting through the same code the page uses (target < 3 s for about 200
demand points × 200 candidates, k = 5) and the page's p-median (k = 3, target < 3 s).

Run with ``./dev bench planning``. Writes ``bench/results/planning.json``.
"""

import datetime
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from frontend.planning.payload import coverage_payload  # noqa: E402
from frontend.planning.plan import plan_query_parse, plan_state  # noqa: E402
from frontend.planning.siting_run import siting_run  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
TODAY = datetime.date(2026, 11, 22)


def timed(function, runs):
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), result


def main() -> int:
    query = plan_query_parse({"period": "2026-10", "radius": "5000"}, today=TODAY)
    coverage_ms, coverage_max, payload = timed(lambda: coverage_payload(plan_state(query, [])), RUNS)
    state = plan_state(query, [])
    siting_ms, siting_max, result = timed(lambda: siting_run(state, model="mclp", k=5, candidates=[]), 5)
    # The planning page's p-median (k = 3): 12 s when the issue was filed.
    median_ms, median_max, median = timed(lambda: siting_run(state, model="pmedian", k=3, candidates=[]), 3)
    rows = [
        (
            "coverage (demand, sites, nearest, ranking)",
            coverage_ms,
            coverage_max,
            200,
            f"{payload['share']} % covered",
        ),
        (
            f"MCLP k=5, {len(state.demand)} demand × {len(state.demand)} candidates",
            siting_ms,
            siting_max,
            3000,
            f"{result['status']}, {result['share_before']} → {result['share_after']} %",
        ),
        (
            f"p-median k=3, {len(state.demand)} demand points",
            median_ms,
            median_max,
            3000,
            f"{median['status']}",
        ),
    ]
    print(f"{'measure':52} {'p50 ms':>9} {'max ms':>9} {'target':>8}  result")
    for label, p50, worst, target, note in rows:
        flag = "ok" if p50 < target else "MISSED"
        print(f"{label:52} {p50:9.1f} {worst:9.1f} {target:8}  {note} [{flag}]")
    from django.db import connection

    from bench.national.results import result_row, result_write

    with connection.cursor() as cursor:
        result_write(
            "planning",
            title="Planning on the demo province",
            rows=[
                result_row(
                    f"demo planning: {label}: p50",
                    round(p50, 1),
                    "ms",
                    target=f"< {target} ms",
                    met=p50 < target,
                    note=f"max {worst:.1f} ms; {note}",
                )
                for label, p50, worst, target, note in rows
            ],
            cursor=cursor,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
