"""The report as a printable HTML page (the template ``reports/province_report.html``,
which an administrator may override with a template of the same name)."""

import base64

from django.template.loader import render_to_string

from monitoring.reports.content import ProvinceReport
from monitoring.reports.tables import incomplete_notice, report_tables

__all__ = ["report_html"]

TEMPLATE = "reports/province_report.html"


def report_html(report: ProvinceReport, *, downloads: dict[str, str] | None = None) -> str:
    """The page; ``downloads`` (format → URL) adds links to the other formats, shown on
    screen only."""
    return render_to_string(
        TEMPLATE,
        {
            "report": report,
            "tables": report_tables(report),
            "notice": incomplete_notice(report),
            "downloads": downloads or {},
            "maps": [
                {
                    "title": m.title,
                    "key": m.measure.split(":")[0],
                    "src": "data:image/png;base64," + base64.b64encode(m.png).decode(),
                }
                for m in report.maps
            ],
        },
    )
