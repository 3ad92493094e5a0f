"""The inspectors' establishment filter at national scale: 54 provinces, 773
districts and 10,150 communes tiling Vietnam's land, 1,000,000 establishments (denser
around towns) and about 300,000 inspections, all synthetic and deterministic.

Measures the project's own path, ``establishment_list(filter=EstablishmentFilter.parse(
params))``, for one commune, a drawn polygon of 50 km², a 2 km radius, a district and a
20 km × 20 km map extent: the first page (50 rows by name, id; target < 100 ms) and the
counts (``establishment_counts``; target < 200 ms), p50/p95 over ``BENCH_RUNS`` runs
after one warm-up. Prints the EXPLAIN (ANALYZE, BUFFERS) of the first page for the
polygon and the radius, and of the slowest query of any case that misses its target.

Uses its own database ``bench_monitor`` on the project-local cluster (created when
missing; ``BENCH_DATABASE_URL`` names another one), never the app's. The data set is
built once and kept between runs; ``--rebuild`` builds it again.

Run with ``.venv/bin/python -m bench.establishments`` or ``./dev bench establishments``.
Prints a table and writes ``bench/results/establishments.json``.
"""
