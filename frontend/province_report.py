"""The province report download (``/reports/province/?period=&format=&area=``): the
report of the user's area (or of one unit inside it) as the ``province_report`` command
writes it, with the reader's small-count protection. The HTML format is the printable
page, with links to the DOCX and PDF of the same report."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import BadInput
from frontend.access import permission_required_403
from geo.areas import Area
from geo.models import AdminUnit
from monitoring.audit import audit_export
from monitoring.exports.download import attachment, format_choose
from monitoring.figures.completeness import default_period
from monitoring.figures.periods import Period
from monitoring.reports.content import province_report_build
from monitoring.reports.formats import REPORT_FORMATS, report_render

__all__ = ["province_report_download"]

REQUIRED = ("geo.view_adminunit", "monitoring.view_casecount")


def _default_area(user) -> str:
    """The code of the user's one area (or of the one province, for every area)."""
    area = Area.of(user)
    roots = (
        AdminUnit.current.filter(parent__isnull=True)
        if area.is_everything
        else AdminUnit.objects.filter(pk__in=area.roots)
    )
    codes = sorted(roots.values_list("code", flat=True))
    if len(codes) != 1:
        raise BadInput(
            _("Say which area the report is for: add area= with one of the codes %(codes)s.")
            % {"codes": ", ".join(codes) or "—"},
            parameter="area",
        )
    return codes[0]


@require_GET
@permission_required_403(*REQUIRED)
def province_report_download(request):
    today = timezone.localdate()
    text = request.GET.get("period", "").strip()
    period = (
        Period.parse(text) if text else default_period(today=today, unit_ids=Area.of(request.user).unit_ids())
    )
    fmt = format_choose(request.GET.get("format", "html").strip() or "html", REPORT_FORMATS)
    area_code = request.GET.get("area", "").strip() or _default_area(request.user)
    report = province_report_build(period=period, area_code=area_code, user=request.user, today=today)
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
        name = f"bao-cao-{report.area_code}-{period.key()}.{extension}"
        attachment(response, name)
    return response


def _link(request, fmt: str) -> str:
    query = request.GET.copy()
    query["format"] = fmt
    return f"{request.path}?{query.urlencode()}"
