"""The province report download (``/reports/province/?period=&format=&area=``): the
report of the user's area (or of one unit inside it) as the ``province_report`` command
writes it, with the reader's small-count protection. The HTML format is the printable
page, with links to the DOCX and PDF of the same report."""

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontend.access import permission_required_403
from monitoring.audit import audit_export
from monitoring.exports.download import attachment
from monitoring.reports.formats import report_file_name, report_format_check, report_render
from monitoring.reports.request import REPORT_PERMISSIONS, report_for_reader

__all__ = ["province_report_download"]

REQUIRED = REPORT_PERMISSIONS


@require_GET
@permission_required_403(*REQUIRED)
def province_report_download(request):
    fmt = report_format_check(request.GET.get("format", "html").strip() or "html")
    report = report_for_reader(
        user=request.user,
        period=request.GET.get("period", ""),
        area=request.GET.get("area", ""),
        today=timezone.localdate(),
    )
    period = report.period
    if fmt == "html":
        from monitoring.reports.render_html import report_html

        body = report_html(report, downloads={"docx": _link(request, "docx"), "pdf": _link(request, "pdf")})
        media_type, extension = "text/html; charset=utf-8", "html"
    else:
        body, media_type, extension = report_render(report, fmt=fmt)
    audit_export(
        request.user,
        "page",
        f"province-report.{extension}",
        {"period": period.key(), "area": report.area_code},
        len(report.indicators),
    )
    response = HttpResponse(body, content_type=media_type)
    if fmt != "html":
        attachment(response, report_file_name(report, extension))
    return response


def _link(request, fmt: str) -> str:
    query = request.GET.copy()
    query["format"] = fmt
    return f"{request.path}?{query.urlencode()}"
