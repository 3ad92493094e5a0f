"""Visit lists and inspection coverage for the inspectors' page."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import BadInput
from core.parse import number_parse
from frontend.access import permission_required_403
from frontend.base_map import map_context, unit_values_map
from frontend.establishments import rows
from frontend.establishments.views import VIEW, filtered
from geo.areas import Area
from monitoring.audit import audit_export
from monitoring.establishments.inspection_coverage import inspection_coverage, target_share
from monitoring.establishments.route import route_length_m, route_order
from monitoring.exports.download import attachment, format_choose

VISITS_MAX = 100


def _start(text: str | None, fallback):
    """The ``start`` point (``lon,lat``), or ``fallback`` when none is given."""
    if not text:
        return fallback
    wrong = _("start = “%(value)s”: write the start point as longitude,latitude.") % {"value": text[:120]}
    parts = text.split(",")
    if len(parts) != 2:
        raise BadInput(wrong, parameter="start", value=text)
    return tuple(number_parse(v, parameter="start", reason=wrong) for v in parts)


@require_GET
@permission_required_403(*VIEW, "monitoring.view_inspection")
def visit_list(request):
    """The filtered set (at most ``VISITS_MAX``) in a visiting order from a start point."""
    _f, queryset = filtered(request)
    data = rows.rows_of(queryset.order_by("name", "id")[:VISITS_MAX])
    points = [(r["lon"], r["lat"]) for r in data]
    centre = (
        (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        if points
        else (0, 0)
    )
    start = _start(request.GET.get("start"), centre)
    order = route_order(start=start, points=points) if points else []
    ordered = [data[i] | {"stop": n} for n, i in enumerate(order, 1)]
    fmt = format_choose(request.GET.get("format") or "html", ("html", "csv", "xlsx"))
    if fmt in ("csv", "xlsx"):
        table = [{"stop": r["stop"], **r} for r in ordered]
        if fmt == "csv":
            response = HttpResponse(rows.rows_csv(table), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                rows.rows_xlsx(
                    table,
                    title=_("Visit list from %(lon).5f, %(lat).5f") % {"lon": start[0], "lat": start[1]},
                ),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        attachment(response, f"lich-kiem-tra-{timezone.localdate():%Y%m%d}.{fmt}")
        audit_export(request.user, "page", f"visit-list.{fmt}", dict(request.GET.items()), len(table))
        return response
    return render(
        request,
        "frontend/visit_list.html",
        {
            "rows": ordered,
            "start": start,
            "length_km": route_length_m(start=start, points=points, order=order) / 1000,
            "truncated": queryset.count() > VISITS_MAX,
            "max": VISITS_MAX,
            "params": request.GET.urlencode(),
            "today": timezone.localdate(),
        },
    )


@require_GET
@permission_required_403(*VIEW, "monitoring.view_inspection")
def coverage_page(request):
    communes, districts = inspection_coverage(area=Area.of(request.user), today=timezone.localdate())
    target = target_share()
    values = {}
    for row in communes:
        share = row.share
        colour = (
            None
            if share is None
            else ("#1a9850" if share >= target else "#fdae61" if share >= target / 2 else "#d7301f")
        )
        values[row.code] = {
            "name": row.name,
            "parent": row.parent_code or "",
            "colour": colour,
            "is_border": False,
            "display": "—" if share is None else f"{share:.0%} ({row.inspected}/{row.prone})",
        }
    fmap = unit_values_map(
        values=values, name=_("Inspection coverage"), measure_label=_("Inspected in 12 months")
    )
    return render(
        request,
        "frontend/inspection_coverage.html",
        {
            "communes": communes,
            "districts": districts,
            "target": target,
            "target_pct": round(target * 100),
            **map_context(fmap),
        },
    )
