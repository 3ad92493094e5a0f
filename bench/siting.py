"""Siting engine on deterministic synthetic data: demo scale (200 demand points × 200
candidates in 150 km × 100 km, k = 5, radius 5 km; target MCLP < 3 s) and national scale
(10,000 × 3,000 in clusters over 1,600 km × 600 km, k = 50, radius 5 km; target MCLP
< 120 s). LSCP is timed at demo scale, p-median too (target < 3 s); p-median at national scale is no
target and is reported as it comes out (refused as too large).

Run with ``.venv/bin/python -m bench.siting`` (no Django, no database). Prints progress
lines, then a table, and writes ``bench/results/siting.json``. ``--spopt-national`` also
builds the national MCLP with spopt's dense ``from_cost_matrix`` (minutes, several GB)
to re-measure why the sparse engine exists.
"""

import resource
import sys
import time

import numpy as np

from monitoring.planning import siting
from monitoring.planning.siting import SitingError, siting_solve

RADIUS_M = 5_000.0


def demo_data() -> dict:
    """200 communes in 150 km × 100 km; a candidate near each (e.g. its health station);
    10 existing points; demand within 15 km of the west edge (the border) weighted × 1.5."""
    rng = np.random.default_rng(2026)
    demand_xy = rng.uniform((0, 0), (150_000, 100_000), (200, 2))
    weights = rng.poisson(6, 200).astype(float) * np.where(demand_xy[:, 0] < 15_000, 1.5, 1.0)
    candidate_xy = demand_xy + rng.uniform(-800, 800, (200, 2))
    fixed = np.zeros(200, dtype=bool)
    fixed[rng.choice(200, 10, replace=False)] = True
    return {"demand_xy": demand_xy, "weights": weights, "candidate_xy": candidate_xy, "fixed": fixed}


def national_data() -> dict:
    """10,000 demand points: 80 % around 70 urban clusters, 20 % spread; 3,000 candidates,
    two thirds near demand points and one third anywhere near a cluster; 150 existing."""
    rng = np.random.default_rng(1975)
    extent = np.array([1_600_000.0, 600_000.0])
    centres = rng.uniform(0, 1, (70, 2)) * extent
    spread = rng.uniform(8_000, 40_000, 70)
    which = rng.integers(0, 70, 8_000)
    clustered = centres[which] + rng.normal(0, 1, (8_000, 2)) * spread[which, None]
    demand_xy = np.clip(np.vstack([clustered, rng.uniform(0, 1, (2_000, 2)) * extent]), 0, extent)
    weights = rng.poisson(4, 10_000).astype(float)
    near_demand = demand_xy[rng.choice(10_000, 2_000, replace=False)] + rng.uniform(-1_500, 1_500, (2_000, 2))
    which = rng.integers(0, 70, 1_000)
    near_cluster = centres[which] + rng.normal(0, 1, (1_000, 2)) * spread[which, None]
    candidate_xy = np.clip(np.vstack([near_demand, near_cluster]), 0, extent)
    fixed = np.zeros(3_000, dtype=bool)
    fixed[rng.choice(3_000, 150, replace=False)] = True
    return {"demand_xy": demand_xy, "weights": weights, "candidate_xy": candidate_xy, "fixed": fixed}


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(
    *, label: str, scale: str, model: str, data: dict, k: int | None, target_s: float | None, **options
) -> dict:
    started = time.perf_counter()

    def progress(step: str, fraction: float) -> None:
        print(f"  [{label}] {step:9} {fraction:4.0%}  {time.perf_counter() - started:7.2f} s", flush=True)

    row = {"model": model, "label": label, "scale": scale, "solver": options.get("solver", "highs")}
    row["target_s"] = target_s
    try:
        result = siting_solve(model=model, radius_m=RADIUS_M, k=k, progress=progress, **data, **options)
        row |= {
            "seconds": result.seconds,
            "status": result.status,
            "engine": result.engine,
            "new_sites": len(result.new_sites),
            "covered_before": result.covered_before,
            "covered_after": result.covered_after,
            "total_weight": result.total_weight,
            "mean_distance_before_m": result.mean_distance_before and round(result.mean_distance_before),
            "mean_distance_after_m": round(result.mean_distance_after),
        }
    except SitingError as error:
        row |= {"seconds": round(time.perf_counter() - started, 3), "status": f"refused: {error}"}
    row["peak_rss_mb"] = peak_mb()
    row["ok"] = (
        None
        if target_s is None
        else row["status"].startswith(("Optimal", "Feasible")) and row["seconds"] < target_s
    )
    return row


def main() -> int:
    demo, national = demo_data(), national_data()
    rows = [
        run(label="demo mclp", scale="demo 200×200", model="mclp", data=demo, k=5, target_s=3),
        run(
            label="demo mclp cbc",
            scale="demo 200×200",
            model="mclp",
            data=demo,
            k=5,
            target_s=3,
            solver="cbc",
        ),
        run(label="demo lscp", scale="demo 200×200", model="lscp", data=demo, k=None, target_s=None),
        run(label="demo pmedian", scale="demo 200×200", model="pmedian", data=demo, k=5, target_s=3),
        run(
            label="national mclp",
            scale="national 10000×3000",
            model="mclp",
            data=national,
            k=50,
            target_s=120,
        ),
        run(
            label="national pmedian",
            scale="national 10000×3000",
            model="pmedian",
            data=national,
            k=50,
            target_s=None,
        ),
    ]
    if "--spopt-national" in sys.argv:
        siting.SPOPT_MAX_PAIRS = 10**12
        rows.append(
            run(
                label="national mclp, spopt dense",
                scale="national 10000×3000",
                model="mclp",
                data=national,
                k=50,
                target_s=120,
            )
        )
    print()
    print(
        f"{'model':8} {'scale':20} {'engine/solver':18} {'seconds':>8} {'target':>7} {'peak MB':>8}  "
        f"{'result':7} status"
    )
    for r in rows:
        target = "-" if r["target_s"] is None else f"< {r['target_s']:g}"
        flag = "-" if r["ok"] is None else ("ok" if r["ok"] else "MISSED")
        engine = f"{r.get('engine', '-')}/{r['solver']}"
        print(
            f"{r['model']:8} {r['scale']:20} {engine:18} {r['seconds']:8.2f} {target:>7} "
            f"{r['peak_rss_mb']:8} {flag:7} {r['status']}"
        )
        if "covered_after" in r:
            print(
                f"{'':8} covered {r['covered_before']:g} → {r['covered_after']:g} of {r['total_weight']:g}; "
                f"mean distance {r['mean_distance_before_m']} → {r['mean_distance_after_m']} m; "
                f"{r['new_sites']} new sites"
            )
    from bench.national.results import result_row, result_write

    result_write(
        "siting",
        title="Siting engine on synthetic data (no database)",
        rows=[
            result_row(
                f"siting engine {r['label']} ({r['scale']})",
                r["seconds"],
                "s",
                target=None if r["target_s"] is None else f"< {r['target_s']:g} s",
                met=r["ok"],
                note=f"{r['status'][:80]}; peak RSS {r['peak_rss_mb']} MB (process so far)",
            )
            for r in rows
        ],
        details={"radius_m": RADIUS_M, "results": rows},
    )
    return 0 if all(r["ok"] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
