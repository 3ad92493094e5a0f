"""Views of the inspectors' page. Every channel calls ``filtered`` (one filter code,
scoped to the user's areas) and renders."""

import json

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from frontend.access import forbidden, permission_required_403
from frontend.establishments import compose, rows
from geo.areas import Area
from geo.models import AdminUnit, Level
from monitoring.audit import audit_export
from monitoring.establishments.filters import EstablishmentFilter, FilterError
from monitoring.establishments.proximity import near_sensitive_sites
from monitoring.establishments.selectors import establishment_counts, establishment_list
from monitoring.models import Establishment, EstablishmentType, InspectionResult
from monitoring.services.errors import MonitoringError
from monitoring.services.inspections import inspection_record

SORTS = {"name": "name", "type": "type", "commune": "commune__name", "last_inspected": "last_inspected"}
MAP_MARKERS_MAX = 20_000
VIEW = ("geo.view_adminunit", "monitoring.view_establishment")


def filtered(request, *, annotate: bool = True):
    """(filter, queryset) for the request, or raise FilterError."""
    f = EstablishmentFilter.parse(request.GET)
    return f, establishment_list(filter=f, scope=Area.of(request.user), annotate=annotate)


def _filter_params(request) -> dict:
    return {k: v for k, v in request.GET.items() if k not in ("page", "sort", "format")}


@require_GET
@permission_required_403(*VIEW)
def establishments_page(request):
    error = None
    try:
        f, queryset = filtered(request)
    except FilterError as exc:
        error = str(exc)
        f, queryset = (
            EstablishmentFilter(),
            establishment_list(filter=EstablishmentFilter(), scope=Area.of(request.user)),
        )
    sort = request.GET.get("sort", "name")
    order = SORTS.get(sort.lstrip("-"), "name")
    ordered = queryset.order_by(("-" if sort.startswith("-") else "") + order, "id")
    page = Paginator(ordered, 50).get_page(request.GET.get("page"))
    near = near_sensitive_sites(establishment_ids=[e.id for e in page])
    for e in page:
        e.near_site = near.get(e.id)
    counts = establishment_counts(
        queryset=establishment_list(filter=f, scope=Area.of(request.user), annotate=False)
    )
    fmap = compose.establishments_map_build(
        queryset=queryset, f=f, limit=MAP_MARKERS_MAX, unit_ids=Area.of(request.user).unit_ids()
    )
    root = fmap.get_root()
    root.render()
    units = AdminUnit.current.filter(
        Area.of(request.user).units_q(), level__in=[Level.DISTRICT, Level.COMMUNE]
    ).order_by("level", "code")
    labels = dict(EstablishmentType.choices)
    return render(
        request,
        "frontend/establishments.html",
        {
            "error": error,
            "f": f,
            "page": page,
            "counts": counts,
            "sort": sort,
            "by_type": sorted(
                ((labels.get(t, t), n) for t, n in counts["by_type"].items()), key=lambda r: -r[1]
            ),
            "by_commune": sorted(counts["by_commune"].items(), key=lambda r: -r[1])[:15],
            "types": EstablishmentType.choices,
            "units": units,
            "params": request.GET.urlencode(),
            "filter_params": _filter_params(request),
            "map_name": fmap.get_name(),
            "map_header": root.header.render(),
            "map_html": root.html.render(),
            "map_script": root.script.render(),
            "data_blocks": fmap.data_blocks,
            "too_many": counts["total"] > MAP_MARKERS_MAX,
        },
    )


@require_GET
@permission_required_403(*VIEW)
def establishments_export(request, fmt):
    try:
        _f, queryset = filtered(request)
    except FilterError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    data = rows.rows_of(queryset.order_by("name", "id"))
    stem = f"co-so-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(rows.rows_csv(data), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            rows.rows_xlsx(
                data, title=_("Establishments, filter: %(filter)s") % {"filter": _filter_params(request)}
            ),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "geojson":
        response = HttpResponse(
            rows.rows_geojson(data, filter_params=_filter_params(request)),
            content_type="application/geo+json",
        )
    else:
        raise Http404(fmt)
    audit_export(request.user, "page", f"establishments.{fmt}", _filter_params(request), len(data))
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@require_GET
@permission_required_403(*VIEW)
def establishments_json(request):
    """The filtered set as GeoJSON for scripts and GIS tools (same filter, same scope)."""
    try:
        _f, queryset = filtered(request)
    except FilterError as exc:
        return JsonResponse({"error": str(exc)}, status=exc.http_status)
    page = Paginator(queryset.order_by("name", "id"), 500).get_page(request.GET.get("page"))
    body = json.loads(rows.rows_geojson(rows.rows_of(page), filter_params=_filter_params(request)))
    body["numberMatched"] = page.paginator.count
    body["page"] = page.number
    audit_export(
        request.user,
        "page",
        "establishments.json",
        _filter_params(request) | {"page": page.number},
        len(page),
    )
    return JsonResponse(body, content_type="application/geo+json")


@require_http_methods(["GET", "POST"])
@permission_required_403(*VIEW, "monitoring.view_inspection")
def establishment_inspect(request, pk):
    allowed = Establishment.objects.filter(Area.of(request.user).q("commune"), pk=pk)
    establishment = allowed.select_related("commune").first()
    if establishment is None:
        raise Http404(_("No establishment %(id)s in your areas.") % {"id": pk})
    error = None
    if request.method == "POST":
        if not request.user.has_perm("monitoring.add_inspection"):
            return forbidden(request, _("Your account may look at inspections but not record them."))
        try:
            inspection_record(
                establishment=establishment,
                date=request.POST.get("date", ""),
                team=request.POST.get("team", ""),
                result=request.POST.get("result", ""),
                violations=request.POST.get("violations", ""),
                follow_up_due=request.POST.get("follow_up_due", ""),
            )
        except MonitoringError as exc:
            error = str(exc)
        else:
            return redirect(request.POST.get("next") or "frontend:establishments")
    return render(
        request,
        "frontend/establishment_inspect.html",
        {
            "e": establishment,
            "error": error,
            "results": InspectionResult.choices,
            "history": establishment.inspections.order_by("-date")[:20],
            "next": request.GET.get("next", ""),
            "today": timezone.localdate(),
            "form": request.POST,
        },
    )
