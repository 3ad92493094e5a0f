"""Views of the inspectors' page. Every channel calls ``filtered`` (one filter code,
scoped to the user's areas) and renders."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import BadInput
from core.parse import earliest_date, number_parse
from frontend.access import forbidden, permission_required_403
from frontend.base_map import map_context
from frontend.establishments import folium_inspectors_map
from frontend.map_symbols import symbols_legend
from geo.areas import Area
from geo.geojson import feature_collection
from geo.models import AdminUnit, Level
from monitoring.audit import audit_export
from monitoring.establishments.filters import EstablishmentFilter, FilterError
from monitoring.establishments.proximity import near_sensitive_sites
from monitoring.establishments.selectors import establishment_counts, establishment_list
from monitoring.exports import export_prepare, format_get
from monitoring.exports.query import feature_page
from monitoring.exports.views import export_response
from monitoring.layers import ESTABLISHMENTS
from monitoring.models import Establishment, EstablishmentType, InspectionResult
from monitoring.services.inspections import inspection_record

SORTS = {"name": "name", "type": "type", "commune": "commune__name", "last_inspected": "last_inspected"}
MAP_MARKERS_MAX = 20_000
ITEMS_PAGE = 500
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
    fmap = folium_inspectors_map.establishments_map_build(
        queryset=queryset, f=f, limit=MAP_MARKERS_MAX, unit_ids=Area.of(request.user).unit_ids()
    )
    units = AdminUnit.current.filter(
        Area.of(request.user).units_q(), level__in=[Level.DISTRICT, Level.COMMUNE]
    ).order_by("level", "code")
    labels = dict(EstablishmentType.choices)
    names = dict(  # a person reads the commune's name; its code stays in the title
        AdminUnit.current.filter(code__in=[c for c in counts["by_commune"] if c]).values_list("code", "name")
    )
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
            "by_commune": [
                (names.get(code, code or "—"), code, n)
                for code, n in sorted(counts["by_commune"].items(), key=lambda r: -r[1])[:15]
            ],
            "types": EstablishmentType.choices,
            "units": units,
            "params": request.GET.urlencode(),
            "filter_params": _filter_params(request),
            "map_name": fmap.get_name(),
            **map_context(fmap),
            "too_many": counts["total"] > MAP_MARKERS_MAX,
            "symbols": symbols_legend("establishment", "sensitive_site", "land_border"),
        },
    )


def _page_export(request):
    """The establishments layer's export of the page's current filter (the same code,
    columns and values as ``/exports/establishments.<format>``)."""
    return export_prepare(
        layer_name=ESTABLISHMENTS.name, params=request.GET, user=request.user, channel="page"
    )


@require_GET
@permission_required_403(*VIEW)
def establishments_export(request, fmt):
    fmt_ = format_get(fmt)  # FormatNotFound: a 404 page
    return export_response(_page_export(request), fmt_)  # FilterError: the message, 400


def _page_number(text: str | None) -> int:
    try:
        return max(number_parse(text, parameter="page", low=1, high=10**6, whole=True), 1)
    except BadInput:
        return 1


@require_GET
@permission_required_403(*VIEW)
def establishments_json(request):
    """The filtered set as GeoJSON for scripts and GIS tools (same filter, same scope,
    the layer's ``page`` properties), ``ITEMS_PAGE`` features a page."""
    export = _page_export(request)
    number = _page_number(request.GET.get("page"))
    matched, features = feature_page(
        export.layer, export.selection, channel="page", offset=(number - 1) * ITEMS_PAGE, limit=ITEMS_PAGE
    )
    body = feature_collection(
        features,
        members={
            "name": export.layer.name,
            "filter": _filter_params(request),
            "generated_at": export.generated_at.isoformat(timespec="seconds"),
            "numberMatched": matched,
            "page": number,
        },
    )
    audit_export(
        request.user, "page", "establishments.json", _filter_params(request) | {"page": number}, len(features)
    )
    return HttpResponse(body, content_type="application/geo+json")


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
        except BadInput as exc:
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
            "earliest": earliest_date(),
            "form": request.POST,
        },
    )
