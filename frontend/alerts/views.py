"""The alerts page (``/alerts/``): the early-warning alerts of the leader's areas, newest
first, filtered by state and month; each alert is acknowledged with a note or closed on
the page, and the list is exported as CSV or GeoJSON (audited). Values go through
``monitoring.disclosure`` as on every page."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import AppError, NotFound
from core.parse import number_parse
from frontend.access import forbidden, permission_required_403
from frontend.alerts.rows import METHOD, alerts_csv, alerts_geojson
from frontend.data_entry.months import month_param
from geo.areas import Area
from geo.models import AdminUnit, Level
from monitoring.alerts.selectors import alert_list, alerts_shown
from monitoring.alerts.services import NOTE_MAX_LENGTH, alert_acknowledge, alert_close
from monitoring.audit import audit_export
from monitoring.disclosure import disclosure_for
from monitoring.exports.download import attachment, format_choose
from monitoring.models import AlertState

__all__ = ["alerts_export", "alerts_page"]

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}


def _filters(request) -> dict:
    state = request.GET.get("state", "")
    month, month_ok = (
        month_param(request.GET.get("month"), None) if request.GET.get("month") else (None, True)
    )
    code = request.GET.get("commune", "")
    commune = AdminUnit.current.filter(code=code, level=Level.COMMUNE).first() if code else None
    return {
        "state": state if state in AlertState.values else "",
        "month": month,
        "month_ok": month_ok,
        "commune": commune,
    }


def _shown(request, filters):
    alerts = alert_list(
        area=Area.of(request.user),
        state=filters["state"] or None,
        month=filters["month"],
        commune_id=filters["commune"].pk if filters["commune"] else None,
    )
    return alerts_shown(alerts, disclosure=disclosure_for(user=request.user))


def _page(request, *, error=None, error_alert=None, typed_note="", status=200):
    filters = _filters(request)
    return render(
        request,
        "frontend/alerts.html",
        {
            "items": _shown(request, filters),
            "filters": filters,
            "states": AlertState.choices,
            "error": error,
            "error_alert": error_alert,
            "typed_note": typed_note,
            "note_max": NOTE_MAX_LENGTH,
            "method": METHOD,
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required_403("monitoring.view_alert")
def alerts_page(request):
    if request.method == "GET":
        return _page(request)
    if not request.user.has_perm("monitoring.change_alert"):
        return forbidden(request)
    note = request.POST.get("note", "")
    alert_id = None
    try:
        alert_id = number_parse(request.POST.get("alert", ""), parameter="alert", low=1, whole=True)
        action = request.POST.get("action", "")
        if action == "acknowledge":
            alert_acknowledge(alert_id=alert_id, user=request.user, note=note)
        elif action == "close":
            alert_close(alert_id=alert_id, user=request.user, note=note)
        else:
            raise NotFound(
                _("Unknown action “%(action)s”: use acknowledge or close.") % {"action": action},
                parameter="action",
                value=action,
            )
    except AppError as error:
        return _page(
            request, error=error.message, error_alert=alert_id, typed_note=note, status=error.http_status
        )
    return redirect(f"{reverse('frontend:alerts')}?{request.GET.urlencode()}#alert-{alert_id}")


@require_GET
@permission_required_403("monitoring.view_alert")
def alerts_export(request, fmt: str):
    format_choose(fmt, EXPORT_TYPES)
    shown = _shown(request, _filters(request))
    body = alerts_csv(shown) if fmt == "csv" else alerts_geojson(shown)
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    attachment(response, f"canh-bao.{fmt}")
    audit_export(request.user, "page", f"alerts.{fmt}", dict(request.GET.items()), len(shown))
    return response
