"""The province report of the demo province: time to compute a year's report, with its
two maps, and write it as DOCX and PDF (target < 10 s each). The reference, measured in
the same run, is one risk map picture of the same period as the print button draws it
(``frontend.risk_map.picture``): the report draws two of them.

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

from frontend.risk_map import picture  # noqa: E402
from frontend.risk_map.choropleth import choropleth_build  # noqa: E402
from frontend.risk_map.query import RiskQuery  # noqa: E402
from frontend.risk_map.report_maps import BREAKS  # noqa: E402
from geo.models import AdminUnit  # noqa: E402
from monitoring.figures.measures import Measure  # noqa: E402
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
    # Warm-up, not timed: the first picture and the first PDF of a process load
    # matplotlib's and Pango's fonts, which a server does once.
    warm = province_report_build(
        period=Period.parse("2026-10"), area_code=province.code, today=datetime.date.today()
    )
    report_render(warm, fmt="pdf")
    results = []
    for text in PERIODS:
        start = time.perf_counter()
        query = RiskQuery(
            period=Period.parse(text), measure=Measure.parse("rate:illegal_users"), breaks=BREAKS
        )
        picture.png_render(query, choropleth_build(query))
        reference = round(time.perf_counter() - start, 2)
        for fmt in ("docx", "pdf"):
            start = time.perf_counter()
            report = province_report_build(
                period=Period.parse(text), area_code=province.code, user=None, today=datetime.date.today()
            )
            body, _media, _ext = report_render(report, fmt=fmt)
            seconds = round(time.perf_counter() - start, 2)
            results.append(
                {
                    "period": text,
                    "format": fmt,
                    "seconds": seconds,
                    "reference_s": reference,
                    "maps": len(report.maps),
                    "kb": round(len(body) / 1024, 1),
                }
            )
    print(f"target: a report in < {TARGET_S:g} s; reference: one risk map picture of the period")
    print(f"{'period':10} {'format':6} {'s':>6} {'map s':>6} {'maps':>4} {'KB':>7}")
    for r in results:
        flag = "ok" if r["seconds"] < TARGET_S else "MISSED"
        figures = f"{r['seconds']:6} {r['reference_s']:6} {r['maps']:4} {r['kb']:7}"
        print(f"{r['period']:10} {r['format']:6} {figures}   {flag}")
    from django.db import connection

    from bench.national.results import result_row, result_write

    rows = [
        result_row(
            f"demo province report {r['period']} {r['format']}",
            r["seconds"],
            "s",
            target=f"< {TARGET_S:g} s",
            met=r["seconds"] < TARGET_S,
            reference=r["reference_s"],
            reference_label="s, one risk map picture of the period (the report draws two)",
            note=f"{r['kb']} KB, {r['maps']} maps",
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
