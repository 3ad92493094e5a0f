"""The grid's "mark complete" toggle: one commune-month marked (or unmarked) complete by
its reporter, then back to the grid (the rule is :mod:`monitoring.quality.approval`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import BadInput, NotFound
from core.parse import number_parse
from frontend.access import permission_required_403
from frontend.data_entry.months import last_month, month_param
from geo.models import AdminUnit
from monitoring.quality.approval import commune_month_submit, commune_month_unsubmit


@require_POST
@permission_required_403("monitoring.add_reportsubmission")
def data_entry_complete(request):
    """POST ``mark=<commune id>`` or ``unmark=<commune id>``, ``?month=YYYY-MM``."""
    period, ok = month_param(request.GET.get("month"), last_month())
    if not ok:
        raise BadInput(
            _("That month could not be read; write it as YYYY-MM."),
            parameter="month",
            value=request.GET["month"],
        )
    name = "mark" if "mark" in request.POST else "unmark"
    unit_id = number_parse(request.POST.get(name), parameter=name, whole=True)
    unit = AdminUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFound(_("No such commune."), parameter=name, value=unit_id)
    if name == "mark":
        commune_month_submit(user=request.user, unit=unit, period=period)
        messages.success(
            request,
            _("%(commune)s: %(month)s marked complete.") % {"commune": unit.name, "month": f"{period:%m/%Y}"},
        )
    else:
        commune_month_unsubmit(user=request.user, unit=unit, period=period)
        messages.success(
            request,
            _("%(commune)s: %(month)s no longer marked complete.")
            % {"commune": unit.name, "month": f"{period:%m/%Y}"},
        )
    query = urlencode({"month": f"{period:%Y-%m}", "district": request.GET.get("district", "")})
    return redirect(f"{reverse('frontend:data_entry')}?{query}")
