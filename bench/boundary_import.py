"""Importing a national-size commune layer: a first import, the same file again (nothing
changes), and a new version in which a tenth of the communes merge in pairs and a tenth
split in two (units retired, crosswalk by area overlap, border facts, places). Then the
historical counts of one month shown on the new communes through the crosswalk.

Run with ``./dev bench boundary_import`` (``BENCH_COMMUNES``, default 10,000). Everything
happens in one transaction that is rolled back: the database is left as it was. Prints
its figures and writes ``bench/results/boundary_import.json`` through
``bench.national.results.result_write`` (one row per measure, seconds, and one for the
peak memory); the issue sets no target, so no row has one.
"""

import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

import geopandas as gpd  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from shapely.geometry import box  # noqa: E402

from bench.national.results import result_row, result_write  # noqa: E402
from geo.imports.service import boundaries_import  # noqa: E402
from geo.models import AdminUnit  # noqa: E402
from monitoring.crosswalk_counts import counts_on_current_units  # noqa: E402
from monitoring.models import Indicator  # noqa: E402

COMMUNES = int(os.environ.get("BENCH_COMMUNES", "10000"))
WEST, SOUTH, SIZE = 104.0, 19.0, 0.03  # a square grid in northern Vietnam
MONTH = datetime.date(2024, 1, 1)


class Rollback(Exception):
    pass


def grid(side: int) -> tuple[list, list]:
    """Version 1: side × side squares. Version 2: every 10th row of cells merged in pairs,
    every 10th (offset) row split in two."""
    v1, v2 = [], []
    for row in range(side):
        for col in range(side):
            x, y = WEST + col * SIZE, SOUTH + row * SIZE
            code = f"B{row:03d}{col:03d}"
            v1.append((code, f"Xã {code}", box(x, y, x + SIZE, y + SIZE)))
            if row % 10 == 0:
                if col % 2 == 0:
                    width = 2 * SIZE if col + 1 < side else SIZE
                    v2.append(
                        (f"M{row:03d}{col:03d}", f"Xã M{row:03d}{col:03d}", box(x, y, x + width, y + SIZE))
                    )
            elif row % 10 == 5:
                v2.append((code, f"Xã {code}", box(x, y, x + SIZE / 2, y + SIZE)))
                v2.append(
                    (
                        f"S{row:03d}{col:03d}",
                        f"Xã S{row:03d}{col:03d}",
                        box(x + SIZE / 2, y, x + SIZE, y + SIZE),
                    )
                )
            else:
                v2.append((code, f"Xã {code}", box(x, y, x + SIZE, y + SIZE)))
    return v1, v2


def write(path: Path, units) -> Path:
    frame = gpd.GeoDataFrame(
        {"code": [u[0] for u in units], "name": [u[1] for u in units]},
        geometry=[u[2] for u in units],
        crs=4326,
    )
    frame.to_crs(3405).to_file(path)
    return path


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> int:
    side = int(COMMUNES**0.5)
    v1, v2 = grid(side)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        first = write(Path(folder) / "v1.gpkg", v1)
        second = write(Path(folder) / "v2.gpkg", v2)
        try:
            with transaction.atomic():
                seconds, report = timed(
                    lambda: boundaries_import(
                        path=first, level="commune", valid_from=datetime.date(2020, 1, 1)
                    )
                )
                rows.append(
                    ("first import (VN-2000 UTM 48N GeoPackage)", seconds, f"{report.created} created")
                )
                seconds, report = timed(
                    lambda: boundaries_import(
                        path=first, level="commune", valid_from=datetime.date(2021, 1, 1)
                    )
                )
                rows.append(
                    ("same file again", seconds, f"{report.unchanged} unchanged, {report.created} created")
                )
                indicator = Indicator.objects.order_by("id").first()
                with connection.cursor() as cursor:
                    cursor.execute(
                        "INSERT INTO monitoring_casecount"
                        " (unit_id, period, indicator_id, value, source, is_demo)"
                        " SELECT id, %s, %s, 10, 'bench', false FROM geo_adminunit"
                        " WHERE valid_to IS NULL AND code LIKE 'B%%'",
                        [MONTH, indicator.pk],
                    )
                seconds, report = timed(
                    lambda: boundaries_import(
                        path=second, level="commune", valid_from=datetime.date(2025, 7, 1)
                    )
                )
                rows.append(
                    (
                        "new version: 10 % merged, 10 % split",
                        seconds,
                        f"{report.created} new, {report.replaced} replaced, {report.retired_absent} retired, "
                        f"{report.crosswalk_rows} crosswalk pairs",
                    )
                )
                seconds, values = timed(lambda: counts_on_current_units(indicator=indicator, period=MONTH))
                ours = set(AdminUnit.current.filter(code__regex=r"^[BMS][0-9]").values_list("id", flat=True))
                shown = {unit_id: value for unit_id, value in values.items() if unit_id in ours}
                total = sum(shown.values())
                rows.append(
                    (
                        "counts of one month on the new communes",
                        seconds,
                        f"{len(shown)} of {len(ours)} units, total {total:.1f} (reported {10 * len(v1)})",
                    )
                )
                raise Rollback
        except Rollback:
            pass
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(v1)} communes in version 1, {len(v2)} in version 2; peak memory {peak_mb:.0f} MB")
    print(f"{'measure':44} {'seconds':>8}  result")
    for label, seconds, note in rows:
        print(f"{label:44} {seconds:8.2f}  {note}")
    results = [
        result_row(f"commune boundaries ({len(v1):,} communes), {label}", round(seconds, 2), "s", note=note)
        for label, seconds, note in rows
    ]
    results.append(
        result_row(
            f"commune boundaries ({len(v1):,} communes), peak memory of the whole run (ru_maxrss)",
            round(peak_mb),
            "MB",
        )
    )
    with connection.cursor() as cursor:
        result_write(
            "boundary_import",
            title=f"Commune boundary import: {len(v1):,} communes, then a version with merges and splits",
            rows=results,
            dataset={"communes_version_1": len(v1), "communes_version_2": len(v2)},
            details={
                "peak_memory_mb": round(peak_mb),
                "measures": [{"measure": r[0], "seconds": round(r[1], 2), "result": r[2]} for r in rows],
            },
            cursor=cursor,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
