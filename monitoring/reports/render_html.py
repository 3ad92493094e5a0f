"""The report as a printable HTML page (the template ``reports/province_report.html``,
which an administrator may override with a template of the same name)."""

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
        },
    )
