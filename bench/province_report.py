"""The province report of the demo province: time to compute a year's report and write
it as DOCX and PDF (target < 10 s each).

Run with ``./dev bench province_report`` (or ``python -m bench.province_report`` inside
the venv with the demo province loaded). Prints a table and writes
``bench/results/province_report.json``.
"""

import datetime
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from geo.models import AdminUnit  # noqa: E402
from monitoring.figures.periods import Period  # noqa: E402
from monitoring.reports.content import province_report_build  # noqa: E402
from monitoring.reports.formats import report_render  # noqa: E402

TARGET_S = 10.0
PERIODS = ["2025", "2026-9M", "2026-Q3"]


def main() -> int:
    province = AdminUnit.current.filter(parent__isnull=True).order_by("code").first()
    if province is None:
        print("no province loaded: run ./dev demo first")
        return 1
    results = []
    for text in PERIODS:
        for fmt in ("docx", "pdf"):
            start = time.perf_counter()
            report = province_report_build(
                period=Period.parse(text), area_code=province.code, user=None, today=datetime.date.today()
            )
            body, _media, _ext = report_render(report, fmt=fmt)
            seconds = round(time.perf_counter() - start, 2)
            results.append(
                {"period": text, "format": fmt, "seconds": seconds, "kb": round(len(body) / 1024, 1)}
            )
    print(f"target: a report in < {TARGET_S:g} s")
    print(f"{'period':10} {'format':6} {'s':>6} {'KB':>7}")
    for r in results:
        flag = "ok" if r["seconds"] < TARGET_S else "MISSED"
        print(f"{r['period']:10} {r['format']:6} {r['seconds']:6} {r['kb']:7}   {flag}")
    from django.db import connection

    from bench.national.results import result_row, result_write

    rows = [
        result_row(
            f"demo province report {r['period']} {r['format']}",
            r["seconds"],
            "s",
            target=f"< {TARGET_S:g} s",
            met=r["seconds"] < TARGET_S,
            note=f"{r['kb']} KB",
        )
        for r in results
    ]
    with connection.cursor() as cursor:
        result_write(
            "province_report",
            title="Province report of the demo province",
            rows=rows,
            details=results,
            cursor=cursor,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
