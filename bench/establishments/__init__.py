"""The inspectors' establishment filter on the national data set (``bench.national``:
1,000,000 establishments around towns, about 320,000 inspections, the 2025 communes
current).

Measures the project's own path, ``establishment_list(filter=EstablishmentFilter.parse(
params))``, for one commune, a drawn polygon of 50 km², a 2 km radius, a province and a
20 km × 20 km map extent: the first page (50 rows by name, id; target < 100 ms) and the
counts (``establishment_counts``; target < 200 ms), p50/p95 over ``BENCH_RUNS`` runs
after one warm-up. Prints the EXPLAIN (ANALYZE, BUFFERS) of the first page for the
polygon and the radius, and of the slowest query of any case that misses its target.

Run with ``.venv/bin/python -m bench.establishments`` or ``./dev bench establishments``
(it is also the ``establishments`` entry of ``python -m bench.national``). Prints a
table and writes ``bench/results/establishments.json``.
"""
