"""The report as PDF: WeasyPrint lays out the same HTML (Pango with the Noto fonts
``./dev`` installs, which cover Vietnamese)."""

import logging

from monitoring.reports.content import ProvinceReport
from monitoring.reports.render_html import report_html

__all__ = ["report_pdf"]


def report_pdf(report: ProvinceReport) -> bytes:
    for name in ("weasyprint", "weasyprint.progress", "fontTools"):  # its layout steps are not news
        logging.getLogger(name).setLevel(logging.WARNING)
    from weasyprint import HTML  # imported here: it loads Pango, which only this output needs

    return HTML(string=report_html(report)).write_pdf()
