"""Bounded imports: how fast and how lean the refusals of item 6 and 7 of the security
review are, each next to a reference from the same run.

- a 1M-row CSV (16 MB) refused at ``IMPORT_MAX_ROWS``, against a 1,000-row CSV read whole
  and refused for its figures: wall seconds and RSS growth of a fresh process
  (targets: < 10 s, < 100 MB);
- a 1M-vertex polygon (zipped shapefile) refused at ``BOUNDARY_MAX_VERTICES``, against a
  1,000-vertex one refused at a limit of 999: wall seconds (target: < 5 s).

Runs in its own database ``bench_import_limits`` on the project-local cluster (or
``BENCH_IMPORT_LIMITS_DATABASE_URL``; create it first with ``createdb``), migrated on
each run. ``python -m bench.import_limits``.
"""

import os
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_socket = urllib.parse.quote(str(ROOT / "var" / "pg" / "run"), safe="")
URL = os.environ.get("BENCH_IMPORT_LIMITS_DATABASE_URL", f"postgis://monitor@{_socket}/bench_import_limits")

os.environ["DATABASE_URL"] = URL
os.environ["DEBUG"] = "true"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402

from geo.imports.errors import BoundaryImportError  # noqa: E402
from geo.imports.service import boundaries_import  # noqa: E402
from tests.test_attack_million_row_csv import import_rss, million_row_csv  # noqa: E402
from tests.test_attack_million_vertex_polygon import million_vertex_zip  # noqa: E402


def _refusal_seconds(path: Path) -> float:
    started = time.perf_counter()
    try:
        boundaries_import(path=path, level="province")
    except BoundaryImportError:
        return time.perf_counter() - started
    raise SystemExit(f"{path.name} was not refused")


def main() -> None:
    call_command("migrate", verbosity=0)
    database = connection.settings_dict["NAME"]
    print(f"{'case':<44} {'seconds':>8} {'RSS growth MB':>14}")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for label, rows in (("1,000-row CSV (reference)", 1000), ("1,000,000-row CSV", 1_000_000)):
            path = million_row_csv(folder / f"rows-{rows}.csv", rows)
            growth_kb, _refusal, seconds = import_rss(path, database)
            print(f"{label:<44} {seconds:>8.2f} {growth_kb / 1024:>14.1f}")
        reference = folder / "small"
        reference.mkdir()
        with override_settings(BOUNDARY_MAX_VERTICES=999):
            small = _refusal_seconds(million_vertex_zip(reference, 1000))
        print(f"{'1,000-vertex polygon, limit 999 (reference)':<44} {small:>8.2f} {'':>14}")
        heavy = folder / "heavy"
        heavy.mkdir()
        big = _refusal_seconds(million_vertex_zip(heavy))
        print(f"{'1,000,000-vertex polygon':<44} {big:>8.2f} {'':>14}")
    limits = (
        f"IMPORT_MAX_ROWS={settings.IMPORT_MAX_ROWS}, BOUNDARY_MAX_VERTICES={settings.BOUNDARY_MAX_VERTICES}"
    )
    print(f"limits: {limits}")
    print("targets: CSV < 10 s and < 100 MB; polygon < 5 s")


if __name__ == "__main__":
    main()
