"""Timing helpers: run a callable after a warm-up and report p50/p95 in milliseconds."""

import statistics
import time

from bench.national.constants import RUNS

__all__ = ["percentile", "timed"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(function, *, runs: int = RUNS, warm: int = 1) -> dict:
    """``{"p50_ms", "p95_ms", "runs"}`` of ``function()`` over ``runs`` runs."""
    for _ in range(warm):
        function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "runs": runs,
    }
