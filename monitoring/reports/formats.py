"""The report's output formats: name → (renderer, media type, file extension)."""

from monitoring.exports.download import format_choose
from monitoring.reports.render_docx import report_docx
from monitoring.reports.render_html import report_html
from monitoring.reports.render_pdf import report_pdf

__all__ = ["REPORT_FORMATS", "report_file_name", "report_format_check", "report_render"]

REPORT_FORMATS = {
    "html": (lambda r: report_html(r).encode(), "text/html; charset=utf-8", "html"),
    "docx": (report_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": (report_pdf, "application/pdf", "pdf"),
}


def report_format_check(fmt: str) -> str:
    """``fmt`` if it is a report format, else ``FormatNotFound`` (404) naming the choices
    (the whitelist every download uses)."""
    return format_choose(fmt, REPORT_FORMATS)


def report_file_name(report, extension: str) -> str:
    """``bao-cao-71-2026-Q3.docx``: the download's file name on every channel."""
    return f"bao-cao-{report.area_code}-{report.period.key()}.{extension}"


def report_render(report, *, fmt: str) -> tuple[bytes, str, str]:
    """(body, media type, extension); an unknown format is a 404 naming the choices."""
    render, media_type, extension = REPORT_FORMATS[report_format_check(fmt)]
    return render(report), media_type, extension
