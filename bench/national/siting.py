"""MCLP siting at national scale through the planning page's own path: with the
~10,600 pre-2025 communes current (``old_version_current``), ``plan_state`` builds
the demand (one point per commune weighted by illegal drug users in the month) and the
existing counselling points, and ``siting_run`` picks k = 50 new sites among every
commune's point within a 5 km service radius, as the page's "suggest sites" button
does. Target: < 120 s. The reference is the same engine on the synthetic national case
of ``bench/siting.py`` (10,000 × 3,000) run in the same process.
"""

import datetime
import time

from django.db import connection

from bench.national.constants import MAP_PERIOD
from bench.national.old_version import old_version_current
from bench.national.results import result_row, result_write

__all__ = ["siting_measure"]

TARGET_S = 120
K = 50
RADIUS_M = 5_000
TODAY = datetime.date(2026, 11, 22)


def siting_measure(data: dict) -> list[dict]:
    from bench.siting import national_data
    from frontend.planning.plan import plan_query_parse, plan_state
    from frontend.planning.siting_run import siting_run
    from monitoring.planning.siting import siting_solve

    with old_version_current() as communes:
        query = plan_query_parse({"period": MAP_PERIOD, "radius": str(RADIUS_M)}, today=TODAY)
        t = time.perf_counter()
        state = plan_state(query, [])
        state_s = round(time.perf_counter() - t, 1)
        print(f"  plan state: {len(state.demand):,} demand points, {len(state.site_xy):,} existing points"
              f" ({state_s} s)", flush=True)  # fmt: skip
        t = time.perf_counter()
        result = siting_run(state, model="mclp", k=K, candidates=[])
        seconds = round(time.perf_counter() - t, 1)
        print(f"  MCLP k={K}: {result['status']} in {seconds} s", flush=True)
    synthetic = national_data()
    t = time.perf_counter()
    reference = siting_solve(model="mclp", radius_m=float(RADIUS_M), k=K, **synthetic)
    reference_s = round(time.perf_counter() - t, 1)
    details = {
        "communes": communes,
        "demand_points": len(state.demand),
        "existing_points": len(state.site_xy),
        "candidates": len(state.demand) + len(state.site_xy),
        "plan_state_s": state_s,
        "result": {k: v for k, v in result.items() if k != "sites"},
        "synthetic_reference": {
            "seconds": reference_s,
            "status": reference.status,
            "engine": reference.engine,
        },
    }
    rows = [
        result_row(
            f"MCLP k={K}, {len(state.demand):,} communes × {details['candidates']:,} candidates, 5 km",
            seconds,
            "s",
            reference=reference_s,
            reference_label="s synthetic 10,000 × 3,000",
            target=f"< {TARGET_S} s",
            met=seconds < TARGET_S and str(result["status"]).startswith(("Optimal", "Feasible")),
            note=f"{result['status']}; covered {result.get('share_before')} → {result.get('share_after')} %;"
            f" plan state {state_s} s",
        )
    ]
    with connection.cursor() as cursor:
        result_write(
            "national_siting",
            title="MCLP siting at national scale (planning page path)",
            rows=rows,
            dataset=data,
            details=details,
            cursor=cursor,
        )
    return rows
