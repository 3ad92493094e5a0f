"""Case-count import at national scale: one month for 10,600 communes × 12 indicators
(127,200 figures) from CSV and from XLSX. Target: ≤ 5 s per import, and readers of the
table never wait for it.

Runs in its own database ``bench_import_counts`` on the project-local cluster (or
``BENCH_IMPORT_DATABASE_URL``), migrated and filled once with 10,600 synthetic square
communes in 106 districts. Each run times: first import (all created), the same file
again (all unchanged), a file with 10 % corrected figures, and the XLSX form.
Prints a table (wall seconds; "checked": seconds until the file was read and checked,
the rest being the write; "cpu s": CPU seconds of this process and its PostgreSQL
backend, which is what the import takes on an idle machine).

During the first import a reader thread on a connection of its own (psycopg2,
autocommit, the same settings) counts the month's rows every ~50 ms
(``SELECT count(*) FROM monitoring_casecount WHERE period = …``), from a second before
the import until just after it: its slowest query (target < 500 ms: readers never wait
for the import's locks) against the slowest of the second before, and the counts it saw
(the import is one transaction, so only the count before and the count after may
appear, never a part). The first import's cpu seconds include the reader thread's
(small: it mostly sleeps).

Writes ``bench/results/import_counts.json`` through
``bench.national.results.result_write`` (one row per case, two for the reader; the
per-case figures and the reader's queries in ``details``).

``./dev bench import_counts`` or ``python -m bench.import_counts``.
"""

import datetime
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N_COMMUNES = 10_600
PER_DISTRICT = 100
TARGET_S = 5.0
READER_EVERY_S = 0.05
READER_TARGET_MS = 500.0
READER_BASELINE_S = 1.0  # the reader runs this long before the import (its latency undisturbed)
MONTH = datetime.date(2026, 3, 1)


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

import psycopg2  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.national.database import connect_kwargs  # noqa: E402
from bench.national.results import result_row, result_write  # noqa: E402
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


class Reader(threading.Thread):
    """Counts ``MONTH``'s rows every ``READER_EVERY_S`` on a connection of its own
    (autocommit: each query sees what is committed when it starts) until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.connect = connect_kwargs(connection.settings_dict)
        self.queries: list[tuple[float, float, int]] = []  # (start, wall ms, count)
        self.error: BaseException | None = None
        self.stopping = threading.Event()
        self.ready = threading.Event()

    def run(self) -> None:
        try:
            reader = psycopg2.connect(**self.connect)
        except BaseException as error:
            self.error = error
            self.ready.set()
            return
        reader.autocommit = True
        try:
            with reader.cursor() as cursor:
                self.ready.set()
                while not self.stopping.is_set():
                    start = time.perf_counter()
                    cursor.execute("SELECT count(*) FROM monitoring_casecount WHERE period = %s", [MONTH])
                    count = cursor.fetchone()[0]
                    wall = time.perf_counter() - start
                    self.queries.append((start, wall * 1000, count))
                    self.stopping.wait(max(0.0, READER_EVERY_S - wall))
        except BaseException as error:
            self.error = error
        finally:
            reader.close()


def _latency(queries: list[tuple[float, float, int]]) -> dict:
    walls = sorted(q[1] for q in queries)
    if not walls:
        return {"queries": 0, "max_ms": None, "p95_ms": None, "p50_ms": None}
    p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
    return {
        "queries": len(walls),
        "max_ms": round(walls[-1], 1),
        "p95_ms": round(p95, 1),
        "p50_ms": round(statistics.median(walls), 1),
    }


def measure(label: str, path: Path, *, read_alongside: bool = False) -> dict:
    """Wall time, time to read and check, and CPU seconds (this process + its database
    backend: what the import costs on an idle machine) of one import; with
    ``read_alongside``, what a reader on its own connection saw meanwhile."""
    reader = None
    if read_alongside:
        reader = Reader()
        reader.start()
        reader.ready.wait()
        time.sleep(READER_BASELINE_S)
    marks = []
    cpu, backend, start = time.process_time(), _backend_cpu(), time.perf_counter()
    report = case_counts_import(path=path, progress=lambda _text, m=marks: m.append(time.perf_counter()))
    end = time.perf_counter()
    seconds = end - start
    cpu = time.process_time() - cpu + _backend_cpu() - backend
    result = {
        "case": label,
        "seconds": round(seconds, 2),
        "read_and_check_seconds": round(marks[-1] - start, 2),
        "cpu_seconds": round(cpu, 2),
        "created": report.created,
        "changed": report.changed,
        "unchanged": report.unchanged,
    }
    if reader is not None:
        time.sleep(3 * READER_EVERY_S)  # a few counts after the commit
        reader.stopping.set()
        reader.join()
        if reader.error is not None:
            raise reader.error
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM monitoring_casecount WHERE period = %s", [MONTH])
            after = cursor.fetchone()[0]
        queries = reader.queries
        # A query overlaps the import when it ends after the import starts and starts before it ends.
        during = [q for q in queries if q[0] + q[1] / 1000 > start and q[0] < end]
        before = [q for q in queries if q[0] + q[1] / 1000 <= start]
        result["reader"] = {
            "every_s": READER_EVERY_S,
            "count_before": before[0][2] if before else None,
            "count_after": after,
            "counts_seen": sorted({q[2] for q in queries}),
            "during_import": _latency(during),
            "before_import": _latency(before),
            "queries": [
                {"at_s": round(q[0] - start, 3), "ms": round(q[1], 1), "count": q[2]} for q in queries
            ],
        }
    return result


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
            results.append(measure(label, path, read_alongside=path is first and not results))
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
        f"(target ≤ {TARGET_S:g} s)"
    )
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
    print(
        f"{'case':36} {'seconds':>8} {'checked':>8} {'cpu s':>8} {'created':>8} {'changed':>8}"
        f" {'unchanged':>9}  ok"
    )
    rows = []
    for r in results:
        met = r["seconds"] <= TARGET_S
        print(
            f"{r['case']:36} {r['seconds']:8.2f} {r['read_and_check_seconds']:8.2f} {r['cpu_seconds']:8.2f}"
            f" {r['created']:8} {r['changed']:8} {r['unchanged']:9}  {'yes' if met else 'NO'}"
        )
        rows.append(
            result_row(
                f"case-count import, {r['case']} ({figures:,} figures)",
                r["seconds"],
                "s",
                target=f"≤ {TARGET_S:g} s",
                met=met,
                note=f"read and checked in {r['read_and_check_seconds']} s, the rest the write;"
                f" {r['cpu_seconds']} cpu s (this process + its backend); {r['created']} created,"
                f" {r['changed']} changed, {r['unchanged']} unchanged",
            )
        )
    read = next(r["reader"] for r in results if "reader" in r)
    during, idle = read["during_import"], read["before_import"]
    allowed = {read["count_before"], read["count_after"]}
    whole = set(read["counts_seen"]) <= allowed
    print(
        f"reader during the first import: {during['queries']} counts, max {during['max_ms']} ms,"
        f" p95 {during['p95_ms']} ms (before it: max {idle['max_ms']} ms, p95 {idle['p95_ms']} ms);"
        f" counts seen {read['counts_seen']} (before {read['count_before']}, after {read['count_after']})"
    )
    rows += [
        result_row(
            "a reader's count of the month during the first import, slowest query",
            during["max_ms"],
            "ms",
            reference=idle["max_ms"],
            reference_label="ms slowest in the second before the import",
            target=f"readers never wait for the import (max < {READER_TARGET_MS:g} ms)",
            met=during["max_ms"] is not None and during["max_ms"] < READER_TARGET_MS,
            note=f"p95 {during['p95_ms']} ms (before: {idle['p95_ms']} ms) over {during['queries']}"
            f" counts every ~{READER_EVERY_S * 1000:.0f} ms on a connection of its own",
        ),
        result_row(
            "counts a reader saw during the first import (one transaction: none partial)",
            len(read["counts_seen"]),
            "distinct counts",
            target=f"only the count before ({read['count_before']}) or after ({read['count_after']:,})",
            met=whole,
            note=f"seen: {', '.join(f'{c:,}' for c in read['counts_seen'])}",
        ),
    ]
    details = {
        "target_seconds": TARGET_S,
        "communes": N_COMMUNES,
        "indicators": len(indicators),
        "figures": figures,
        "results": results,
    }
    with connection.cursor() as cursor:
        result_write(
            "import_counts",
            title=f"Case-count import: one month, {N_COMMUNES:,} communes × {len(indicators)} indicators",
            rows=rows,
            details=details,
            cursor=cursor,
        )
    return 0 if all(r["met"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
