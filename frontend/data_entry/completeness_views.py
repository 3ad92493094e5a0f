"""Which communes in the user's areas have not reported: a table for the chosen month(s),
a map of the last one and, per district, the share reported in each of 12 months."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontend.access import permission_required_403
from frontend.base_map import map_context, unit_values_map
from frontend.data_entry.months import last_month, month_param
from geo.areas import Area
from monitoring.imports.selectors import completeness, months_back

COLOURS = {"complete": "#1a9850", "partial": "#fdae61", "missing": "#d7301f"}
MAX_MONTHS = 24


def _status(reported: set, indicators: int) -> str:
    return "complete" if len(reported) >= indicators else "partial" if reported else "missing"


def _share_colour(share: float) -> str:
    return (
        "#1a9850"
        if share >= 0.95
        else "#a6d96a"
        if share >= 0.8
        else "#fdae61"
        if share >= 0.5
        else "#d7301f"
    )


@require_GET
@permission_required_403("monitoring.view_casecount")
def data_completeness(request):
    default = last_month()
    end, ok_end = month_param(request.GET.get("to") or request.GET.get("month"), default)
    start, ok_start = month_param(request.GET.get("from"), end)
    start = min(start, end)
    chosen = [m for m in months_back(end, MAX_MONTHS) if m >= start]
    months = sorted(set(months_back(end, 12)) | set(chosen))
    communes, indicators = completeness(area=Area.of(request.user), months=months)
    count = len(indicators)
    names = {i.id: i.label for i in indicators}
    late = []
    for row in communes:
        for month in chosen:
            reported = row.reported.get(month, set())
            status = _status(reported, count)
            if status != "complete":
                missing = [names[i] for i in names if i not in reported]
                late.append({"row": row, "month": month, "status": status, "missing": missing})
    districts: dict[str, dict] = {}
    for row in communes:
        entry = districts.setdefault(row.district_code, {"name": row.district_name, "total": 0, "done": {}})
        entry["total"] += 1
        for month in months[-12:]:
            entry["done"][month] = entry["done"].get(month, 0) + (len(row.reported.get(month, ())) >= count)
    district_rows = [
        {
            "name": d["name"] or "—",
            "total": d["total"],
            "cells": [
                {
                    "month": m,
                    "done": d["done"][m],
                    "share": d["done"][m] / d["total"],
                    "colour": _share_colour(d["done"][m] / d["total"]),
                }
                for m in months[-12:]
            ],
        }
        for _code, d in sorted(districts.items())
    ]
    labels = {
        "complete": _("all indicators"),
        "partial": _("some indicators missing"),
        "missing": _("not reported"),
    }
    values = {}
    for row in communes:
        status = _status(row.reported.get(end, set()), count)
        values[row.code] = {
            "name": row.name,
            "parent": row.district_code,
            "colour": COLOURS[status],
            "is_border": False,
            "display": labels[status],
        }
    fmap = unit_values_map(
        values=values,
        name=_("Reporting for %(month)s") % {"month": f"{end:%m/%Y}"},
        measure_label=_("Reported"),
    )
    return render(
        request,
        "frontend/data_completeness.html",
        {
            "start": chosen[0],
            "end": end,
            "months_ok": ok_end and ok_start,
            "late": late,
            "communes": len(communes),
            "districts": district_rows,
            "grid_months": months[-12:],
            "colours": COLOURS,
            **map_context(fmap),
        },
    )
