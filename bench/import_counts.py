"""Case-count import at national scale: one month for 10,600 communes × 12 indicators
(127,200 figures) from CSV and from XLSX. Target: < 10 s per import.

Runs in its own database ``bench_import_counts`` on the project-local cluster (or
``BENCH_IMPORT_DATABASE_URL``), migrated and filled once with 10,600 synthetic square
communes in 106 districts. Each run times: first import (all created), the same file
again (all unchanged), a file with 10 % corrected figures, and the XLSX form.
Prints a table (wall seconds; "checked": seconds until the file was read and checked,
the rest being the write; "cpu s": CPU seconds of this process and its PostgreSQL
backend, which is what the import takes on an idle machine) and writes ``bench/results/import_counts.json``.

``./dev bench import_counts`` or ``python -m bench.import_counts``.
"""

import json
import os
import platform
import random
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N_COMMUNES = 10_600
PER_DISTRICT = 100
TARGET_S = 10.0


def _url() -> str:
    if os.environ.get("BENCH_IMPORT_DATABASE_URL"):
        return os.environ["BENCH_IMPORT_DATABASE_URL"]
    socket = urllib.parse.quote(str(ROOT / "var" / "pg" / "run"), safe="")
    return f"postgis://monitor@{socket}/bench_import_counts"


URL = _url()
from bench.national.database import ensure_database  # noqa: E402

ensure_database(URL)
os.environ["DATABASE_URL"] = URL
os.environ["DEBUG"] = "true"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from monitoring.imports.counts import case_counts_import  # noqa: E402
from monitoring.models import Indicator  # noqa: E402

SQUARE = "SRID=4326;MULTIPOLYGON((({x} {y},{x1} {y},{x1} {y1},{x} {y1},{x} {y})))"


def _square(x: float, y: float, size: float) -> str:
    return SQUARE.format(x=x, y=y, x1=x + size, y1=y + size)


def build_units() -> None:
    """Province B1, districts B001–B106, communes 90001–… once (10,600 cells of 0.01°)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM geo_adminunit WHERE level = 'commune' AND valid_to IS NULL")
        if cursor.fetchone()[0] >= N_COMMUNES:
            return
        print("building 10,600 synthetic communes", flush=True)
        cursor.execute("DELETE FROM monitoring_casecount")
        cursor.execute("DELETE FROM geo_adminunit")
        columns = "code, name, level, kind, parent_id, geom, valid_from, is_demo, is_border"
        insert = (
            f"INSERT INTO geo_adminunit ({columns})"  # noqa: S608 - a constant
            " VALUES (%s, %s, %s, %s, %s, %s, '2020-01-01', true, false) RETURNING id"
        )
        cursor.execute(insert, ["B1", "Tỉnh Bench", "province", "", None, _square(100, 0, 2)])
        province = cursor.fetchone()[0]
        number = 0
        for d in range(N_COMMUNES // PER_DISTRICT):
            x0, y0 = 100 + (d % 10) * 0.11, (d // 10) * 0.11
            cursor.execute(
                insert, [f"B{d:03d}", f"Huyện {d}", "district", "", province, _square(x0, y0, 0.1)]
            )
            district = cursor.fetchone()[0]
            rows = []
            for c in range(PER_DISTRICT):
                number += 1
                rows.append(
                    (
                        f"{90000 + number}",
                        f"Xã Bench {number}",
                        district,
                        _square(x0 + (c % 10) * 0.01, y0 + (c // 10) * 0.01, 0.01),
                    )
                )
            cursor.executemany(
                f"INSERT INTO geo_adminunit ({columns})"  # noqa: S608 - a constant
                " VALUES (%s, %s, 'commune', 'xa', %s, %s, '2020-01-01', true, false)",
                rows,
            )


LIMITS = {"illegal_users": (40, 80), "addicts_managed": (20, 40)}  # wholes above their parts (0–20)
INDEPENDENT = {"post_rehab", "relapses", "hotspots", "offenders_arrested", "whereabouts_unknown"}


def write_csv(
    path: Path, indicators: list[str], seed: int, corrected: float = 0.0, month: str = "2026-03"
) -> None:
    """One row per commune; parts never above their wholes; ``corrected`` share of rows with
    their independent figures raised by one."""
    rng = random.Random(seed)  # noqa: S311 - test data
    with path.open("w", encoding="utf-8") as file:
        file.write(",".join(["code", "period", *indicators]) + "\n")
        for number in range(1, N_COMMUNES + 1):
            base = random.Random(number)  # noqa: S311 - test data
            values = [base.randint(*LIMITS.get(code, (0, 20))) for code in indicators]
            if corrected and rng.random() < corrected:
                values = [v + (code in INDEPENDENT) for code, v in zip(indicators, values, strict=True)]
            file.write(",".join([f"{90000 + number}", month, *map(str, values)]) + "\n")


def _backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(label: str, path: Path) -> dict:
    """Wall time, time to read and check, and CPU seconds (this process + its database
    backend: what the import costs on an idle machine) of one import."""
    marks = []
    cpu, backend, start = time.process_time(), _backend_cpu(), time.perf_counter()
    report = case_counts_import(path=path, progress=lambda _text, m=marks: m.append(time.perf_counter()))
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu + _backend_cpu() - backend
    return {
        "case": label,
        "seconds": round(seconds, 2),
        "read_and_check_seconds": round(marks[-1] - start, 2),
        "cpu_seconds": round(cpu, 2),
        "created": report.created,
        "changed": report.changed,
        "unchanged": report.unchanged,
    }


def main() -> int:
    call_command("migrate", verbosity=0)
    build_units()
    indicators = list(Indicator.objects.values_list("code", flat=True))[:12]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM monitoring_casecount")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "counts.csv", Path(tmp) / "corrected.csv"
        write_csv(first, indicators, seed=1)
        write_csv(second, indicators, seed=2, corrected=0.10)
        following = Path(tmp) / "april.csv"
        write_csv(following, indicators, seed=3, month="2026-04")
        for label, path in (
            ("CSV, first import", first),
            ("CSV, same file again", first),
            ("CSV, 10 % corrected", second),
            ("CSV, next month (one month stored)", following),
        ):
            if path is following:
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE monitoring_casecount")
            results.append(measure(label, path))
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        for line in first.read_text(encoding="utf-8").splitlines():
            cells = line.split(",")
            sheet.append(cells[:2] + [int(v) for v in cells[2:]] if cells[0] != "code" else cells)
        xlsx = Path(tmp) / "counts.xlsx"
        book.save(xlsx)
        results.append(measure("XLSX, back to the first figures", xlsx))
    figures = N_COMMUNES * len(indicators)
    print(
        f"\nimport_counts: {N_COMMUNES:,} communes × {len(indicators)} indicators = {figures:,} figures "
        f"(target < {TARGET_S:.0f} s)"
    )
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
    print(
        f"{'case':36} {'seconds':>8} {'checked':>8} {'cpu s':>8} {'created':>8} {'changed':>8}"
        f" {'unchanged':>9}  ok"
    )
    for r in results:
        ok = "yes" if r["seconds"] < TARGET_S else "NO"
        print(
            f"{r['case']:36} {r['seconds']:8.2f} {r['read_and_check_seconds']:8.2f} {r['cpu_seconds']:8.2f}"
            f" {r['created']:8} {r['changed']:8} {r['unchanged']:9}  {ok}"
        )
    out = ROOT / "bench" / "results" / "import_counts.json"
    out.write_text(
        json.dumps(
            {
                "target_seconds": TARGET_S,
                "communes": N_COMMUNES,
                "indicators": len(indicators),
                "machine": platform.platform(),
                "load_average": os.getloadavg(),
                "cpus": os.cpu_count(),
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
