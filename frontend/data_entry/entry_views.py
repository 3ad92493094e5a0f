"""The monthly data-entry grid: the user's communes × indicators, prefilled, last
month beside each cell, values far from the commune's history flagged (while typing,
by ``data_entry.js``), a comment on any cell; saved all or nothing by the import service.
A month locked by an approval is read-only, like a month that has not come yet; each
commune row carries its "marked complete" toggle (:mod:`monitoring.quality.approval`)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.access import permission_required_403
from frontend.data_entry.cell_flags import grid_flags, message_attributes
from frontend.data_entry.months import last_month, month_param, shift
from geo.areas import Area
from monitoring.imports.communes import Commune
from monitoring.imports.grid import case_counts_grid_save, field_name, seen_name
from monitoring.imports.problems import ChangedMeanwhile, ImportFileError
from monitoring.imports.selectors import communes_in_area, month_figures
from monitoring.models import Indicator
from monitoring.quality.approval import approvals_over, month_locked_problem, submissions_of
from monitoring.services.case_counts import month_closed_problem

#: Above this many communes the page asks for a district first (a national grid is too large).
GRID_MAX_COMMUNES = 400
#: Session key of the warning rules the last save broke, shown once after the redirect.
RULE_WARNINGS = "data_entry_rule_warnings"


def _warnings_kept(report) -> list[dict]:
    return [
        {"row": p.row, "field": p.field, "value": p.value, "text": p.explanation, "cell": field_name(*p.key)}
        for p in report.warnings
    ]


def _seen(key, posted, stored, refreshed):
    """A cell's version: the figure it was loaded with, kept across a refused save,
    except for a cell another save changed (``refreshed``): now the stored figure."""
    if posted is None or key in refreshed or seen_name(*key) not in posted:
        value = stored.get(key)
        return "" if value is None else value
    return posted[seen_name(*key)]


def _grid(communes, indicators, period, posted, errors, locks, refreshed=frozenset()):
    ids = [c.id for c in communes]
    marks = submissions_of(ids, period)
    stored = month_figures(unit_ids=ids, period=period)
    previous = month_figures(unit_ids=ids, period=shift(period, -1))
    shown = {
        (c.id, i.id): posted.get(field_name(c.id, i.id)) if posted is not None else stored.get((c.id, i.id))
        for c in communes
        for i in indicators
    }
    flags = grid_flags(
        unit_ids=ids, indicator_ids=[i.id for i in indicators], period=period, values=shown, posted=posted
    )
    rows = []
    for commune in communes:
        cells = []
        for indicator in indicators:
            key = (commune.id, indicator.id)
            value = shown[key]
            cells.append(
                {
                    "key": f"{commune.id}-{indicator.id}",
                    "name": field_name(*key),
                    "indicator": indicator.id,
                    "value": "" if value is None else value,
                    "seen_name": seen_name(*key),
                    "seen": _seen(key, posted, stored, refreshed),
                    "previous": previous.get(key),
                    "flags": flags[key],
                    "errors": errors.get(key, []),
                }
            )
        rows.append(
            {
                "commune": commune,
                "cells": cells,
                "locked": locks.get(commune.id),
                "mark": marks.get(commune.id),
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@permission_required_403("monitoring.add_casecount")
def data_entry(request):
    period, ok = month_param(request.GET.get("month"), last_month())
    communes = list(communes_in_area(area=Area.of(request.user)))
    districts = sorted({(c.parent.code, c.parent.name) for c in communes if c.parent})
    area = request.GET.get("district", "")
    if area:
        communes = [c for c in communes if c.parent and c.parent.code == area]
    elif len(communes) > GRID_MAX_COMMUNES:
        communes = []
    indicators = list(Indicator.objects.all())
    posted, errors, problems, refreshed = None, {}, [], set()
    locks = approvals_over([c.id for c in communes], period) if communes else {}
    approvals = sorted({a.pk: a for a in locks.values()}.values(), key=lambda a: a.approved_at)
    closed = month_closed_problem(period)
    if not closed and communes and len(locks) == len(communes):
        closed = month_locked_problem(approvals[0])
    if request.method == "POST" and not closed:
        targets = [Commune(c.id, c.code, c.name, c.parent.name if c.parent else "") for c in communes]
        try:
            report = case_counts_grid_save(
                data=request.POST,
                communes=targets,
                indicators=indicators,
                period=period,
                source=_("data entry by %(user)s") % {"user": request.user.get_username()},
                author=request.user,
                may_clear=request.user.has_perm("monitoring.delete_casecount"),
            )
        except ImportFileError as error:
            posted, problems = request.POST, error.problems
            if isinstance(error, ChangedMeanwhile):
                refreshed = {problem.key for problem in problems}
            for problem in problems:
                if problem.key:
                    errors.setdefault(problem.key, []).append(problem.explanation)
        else:
            messages.success(
                request,
                _(
                    "Saved %(month)s: %(created)s figures created, %(changed)s changed, "
                    "%(unchanged)s unchanged, %(cleared)s cleared."
                )
                % {
                    "month": f"{period:%m/%Y}",
                    "created": report.created,
                    "changed": report.changed,
                    "unchanged": report.unchanged,
                    "cleared": report.cleared,
                },
            )
            request.session[RULE_WARNINGS] = _warnings_kept(report)
            return redirect(f"{request.path}?month={period:%Y-%m}&district={area}")
    return render(
        request,
        "frontend/data_entry.html",
        {
            "period": period,
            "month_ok": ok,
            "previous_month": shift(period, -1),
            "next_month": shift(period, 1),
            "indicators": indicators,
            "rows": _grid(communes, indicators, period, posted, errors, locks, refreshed),
            "approvals": approvals,
            "problems": problems,
            "closed": closed,
            "districts": districts,
            "district": area,
            "choose_district": not communes and len(districts) > 0,
            "rule_warnings": request.session.pop(RULE_WARNINGS, []) if request.method == "GET" else [],
            "flag_texts": message_attributes(),
        },
        status=409 if refreshed else 400 if problems else 409 if closed and request.method == "POST" else 200,
    )
