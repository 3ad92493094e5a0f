"""``GET /api/reports/province/?period=&area=&format=docx|pdf|html``: the province's
periodic report, as the page ``/reports/province/`` and the ``province_report`` command
write it: the reader's areas, their small-count protection, the audit log. The body is
the file; an error is the API's JSON error (``monitoring.api.errors``)."""

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from monitoring.audit import audit_export
from monitoring.exports.download import attachment
from monitoring.reports.formats import REPORT_FORMATS, report_file_name, report_format_check, report_render
from monitoring.reports.request import REPORT_PERMISSIONS, report_for_reader

__all__ = ["ProvinceReportView"]

ERROR = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "parameter": serializers.CharField(allow_null=True),
        "value": serializers.CharField(allow_null=True),
        "problems": serializers.ListField(child=serializers.DictField()),
    },
)


class ReportPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perms(REPORT_PERMISSIONS)


class ErrorsAsJson(BaseContentNegotiation):
    """``format=`` names the report's format, not a DRF renderer: the only renderer, JSON,
    writes the errors; a report is its own ``HttpResponse``."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


class ProvinceReportView(APIView):
    permission_classes = [ReportPermission]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = ErrorsAsJson

    @extend_schema(
        operation_id="reports_province",
        summary="The province's periodic report",
        parameters=[
            OpenApiParameter(
                "period",
                str,
                description="2026-10, 2026-Q3, 2026-6M, 2026-9M or 2026; default: the latest complete month",
            ),
            OpenApiParameter("area", str, description="a unit code in your areas; default: your one area"),
            OpenApiParameter("format", str, enum=list(REPORT_FORMATS), default="pdf"),
        ],
        responses={
            (200, REPORT_FORMATS["pdf"][1]): OpenApiResponse(OpenApiTypes.BINARY, description="the report"),
            (200, REPORT_FORMATS["docx"][1]): OpenApiResponse(OpenApiTypes.BINARY, description="the report"),
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="the printable page"),
            400: OpenApiResponse(ERROR, description="an unreadable period or format, or no area given"),
            403: OpenApiResponse(ERROR, description="no permission to read units and case counts"),
            404: OpenApiResponse(ERROR, description="no unit with that code in your areas"),
        },
    )
    def get(self, request):
        fmt = report_format_check(request.GET.get("format", "pdf").strip() or "pdf")
        report = report_for_reader(
            user=request.user,
            period=request.GET.get("period", ""),
            area=request.GET.get("area", ""),
            today=timezone.localdate(),
        )
        body, media_type, extension = report_render(report, fmt=fmt)
        audit_export(
            request.user,
            "api",
            f"province-report.{extension}",
            {"period": report.period.key(), "area": report.area_code},
            len(report.indicators),
        )
        response = HttpResponse(body, content_type=media_type)
        attachment(response, report_file_name(report, extension))
        return response
