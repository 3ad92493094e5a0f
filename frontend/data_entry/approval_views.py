"""The approval page: for a month, each area of the approver (the province, its districts,
or the user's own units) with its communes reported and marked complete and whether the
month is approved there; Approve / Unapprove. The rules are
:mod:`monitoring.quality.approval`; completeness is
:func:`monitoring.figures.completeness.period_completeness`."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import BadInput, Forbidden, NotFound
from core.parse import number_parse
from frontend.access import permission_required_403
from frontend.data_entry.months import last_month, month_param, shift
from geo.areas import Area
from geo.models import AdminUnit, Level
from monitoring.figures.completeness import Completeness, period_completeness
from monitoring.figures.periods import Period
from monitoring.models import PeriodApproval, ReportSubmission
from monitoring.quality.approval import ApprovalState, approval_state, period_approve, period_unapprove
from monitoring.services.case_counts import month_closed_problem


@dataclass(frozen=True)
class AreaRow:
    unit: AdminUnit
    depth: int
    reporting: Completeness
    marked: int
    state: ApprovalState
    own: PeriodApproval | None  # the approval of this very unit (what Unapprove withdraws)


def _area_units(area: Area) -> list[tuple[AdminUnit, int]]:
    """The user's roots (every province for the administrator), each province followed by its districts."""
    roots = (
        AdminUnit.current.filter(parent__isnull=True)
        if area.is_everything
        else AdminUnit.objects.filter(pk__in=area.roots)
    )
    units = []
    for root in roots.order_by("code").defer("geom"):
        units.append((root, 0))
        if root.level == Level.PROVINCE:
            districts = (
                AdminUnit.current.filter(parent=root, level=Level.DISTRICT).order_by("code").defer("geom")
            )
            units.extend((district, 1) for district in districts)
    return units


def _rows(area: Area, month) -> list[AreaRow]:
    units = _area_units(area)
    own = {
        a.unit_id: a
        for a in PeriodApproval.objects.select_related("approved_by").filter(
            unit__in=[u for u, _d in units], period=month
        )
    }
    rows = []
    for unit, depth in units:
        ids = Area.of_units([unit]).unit_ids()
        rows.append(
            AreaRow(
                unit=unit,
                depth=depth,
                reporting=period_completeness(indicator=None, period=Period.month(month), unit_ids=ids),
                marked=ReportSubmission.objects.filter(unit_id__in=ids, period=month).count(),
                state=approval_state(period=month, unit_ids=ids),
                own=own.get(unit.pk),
            )
        )
    return rows


def _target(request, rows: list[AreaRow]) -> AreaRow:
    unit_id = number_parse(request.POST.get("unit"), parameter="unit", whole=True)
    for row in rows:
        if row.unit.pk == unit_id:
            return row
    raise NotFound(_("That area is not one of yours."), parameter="unit", value=unit_id)


@require_http_methods(["GET", "POST"])
@permission_required_403("monitoring.view_periodapproval")
def data_approval(request):
    month, ok = month_param(request.GET.get("month") or request.POST.get("month"), last_month())
    if request.method == "POST" and not ok:
        raise BadInput(_("That month could not be read; write it as YYYY-MM."), parameter="month")
    area = Area.of(request.user)
    rows = _rows(area, month)
    confirm = None
    if request.method == "POST":
        if not request.user.has_perm("monitoring.approve_period"):
            raise Forbidden(_("Approving a month needs the permission to approve periods."))
        row = _target(request, rows)
        if request.POST.get("action") == "unapprove":
            period_unapprove(user=request.user, unit=row.unit, period=month)
            messages.success(
                request,
                _("%(month)s unapproved for %(area)s: it is open for entry again.")
                % {"month": f"{month:%m/%Y}", "area": row.unit.name},
            )
            return redirect(f"{reverse('frontend:data_approval')}?{urlencode({'month': f'{month:%Y-%m}'})}")
        if row.reporting.complete or request.POST.get("confirm") == "1" or month_closed_problem(month):
            period_approve(user=request.user, unit=row.unit, period=month)
            messages.success(
                request,
                _("%(month)s approved for %(area)s: it is locked for entry and import.")
                % {"month": f"{month:%m/%Y}", "area": row.unit.name},
            )
            return redirect(f"{reverse('frontend:data_approval')}?{urlencode({'month': f'{month:%Y-%m}'})}")
        confirm = row
    return render(
        request,
        "frontend/data_approval.html",
        {
            "period": month,
            "month_ok": ok,
            "previous_month": shift(month, -1),
            "next_month": shift(month, 1),
            "rows": rows,
            "confirm": confirm,
            "closed": month_closed_problem(month),
            "may_approve": request.user.has_perm("monitoring.approve_period"),
        },
    )
