"""Every national-scale measurement by name. ``python -m bench.national [names]`` runs
them in this order on the one data set (built once).

Two kinds of entry:

- *measurements* here (``bench.national.<module>``): called in-process with the data
  set's facts after ``dataset_ensure``;
- *hooks* for benches that live on other branches until they are merged
  (``bench/export.py``, ``bench/ogc.py``, ``bench/tiles.py``, ``bench/import_counts.py``).
  A hook runs ``python -m bench.<name>`` in a subprocess with ``DATABASE_URL`` set to
  the national database (already built) and ``BENCH_NATIONAL=1``; the module writes
  its own ``bench/results/<name>.json`` in the shape of ``bench.national.results``
  (``result_write``) so ``python -m bench.report`` tabulates it. When the module does
  not exist on this branch the hook prints "not available on this branch" and skips.
"""

import importlib
import importlib.util
import os
import subprocess
import sys
import traceback

from bench.national.constants import ROOT
from bench.national.database import database_url

__all__ = ["HOOKS", "MEASUREMENTS", "run"]

MEASUREMENTS = {
    "area_filters": "bench.national.area_filters:area_filters_measure",
    "choropleth": "bench.national.choropleth:choropleth_measure",
    "crosswalk_history": "bench.national.crosswalk_history:crosswalk_history_measure",
    "siting": "bench.national.siting:siting_measure",
    "establishments": "bench.establishments.measure:establishments_measure",
}

# name → (module, what it measures against what, its target)
HOOKS = {
    "export": (
        "bench.export",
        "GeoJSON export of 1M establishments vs ogr2ogr; peak memory",
        "≥ 0.8× ogr2ogr, < 200 MB",
    ),
    "ogc": (
        "bench.ogc",
        "OGC API items pages (limit 1,000, with/without bbox) vs pygeoapi",
        "≥ 3× pygeoapi req/s",
    ),
    "tiles": ("bench.tiles", "vector tiles z 6/9/12 p95 vs raw ST_AsMVT", "≤ 1.5× raw"),
    "import_counts": (
        "bench.import_counts",
        "import one month, 10,600 communes × 12 indicators; readers not blocked",
        "≤ 5 s",
    ),
}


def _measurement(dotted: str):
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def _hook(name: str) -> bool:
    module, what, target = HOOKS[name]
    if importlib.util.find_spec(module) is None:
        print(f"\n{name}: {module} not available on this branch (skipped): {what}, target {target}")
        return True
    print(f"\n{name}: python -m {module} on the national database", flush=True)
    env = {**os.environ, "DATABASE_URL": database_url(), "BENCH_NATIONAL": "1", "DEBUG": "true"}
    return subprocess.run([sys.executable, "-m", module], cwd=ROOT, env=env).returncode == 0  # noqa: S603


def run(names: list[str], data: dict) -> bool:
    """Run the named measurements (all when empty); False when one failed to run."""
    unknown = [n for n in names if n not in MEASUREMENTS and n not in HOOKS]
    if unknown:
        raise SystemExit(f"unknown measurement(s) {unknown}: use {list(MEASUREMENTS) + list(HOOKS)}")
    failed = []
    for name in names or [*MEASUREMENTS, *HOOKS]:
        if name in MEASUREMENTS:
            print(f"\n=== {name}", flush=True)
            try:
                _measurement(MEASUREMENTS[name])(data)
            except Exception:  # one broken measurement must not hide the others' figures
                traceback.print_exc()
                failed.append(name)
        elif not _hook(name):
            failed.append(name)
    if failed:
        print(f"\nnational measurements that failed: {', '.join(failed)}", file=sys.stderr, flush=True)
    return not failed
