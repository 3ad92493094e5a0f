"""National-scale benchmark harness: one deterministic data set in its own database
and the measurements that run on it.

The data set (``bench.national.dataset``, built once, ~5 minutes, rebuilt only when a
part's generator version changes): the pre-2025 layout of 63 provinces, 809 districts
and 10,644 communes tiling Vietnam's land (valid until 2025-07-01); the 2025 two-tier
layout of 34 provinces and 3,321 communes made from it (valid from 2025-07-01) with its
``geo.UnitCrosswalk`` computed by area overlap in PostGIS; 1,000,000 establishments
with about 320,000 inspections; 2,000 counselling points; 120 months × 12 indicators
of counts on the old communes (15.3 million rows).

Run ``./dev bench national`` (or ``.venv/bin/python -m bench.national [names]``); each
measurement prints its figure next to its reference measured in the same run and
writes ``bench/results/national_<name>.json``; ``python -m bench.report`` puts the
table into ``docs/performance.md``.
"""
