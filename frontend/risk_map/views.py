"""Views of the risk map: the page, the commune panel, GeoJSON export, PNG and print.
They parse the query, call the builders and render. Every view needs the case-count and
unit view permissions and shows only the communes in the user's areas."""

import dataclasses

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.errors import BadInput
from frontend.access import permission_required_403
from frontend.alerts.panel import commune_alerts
from frontend.base_map import map_context
from frontend.map_symbols import symbols_legend
from frontend.risk_map import export
from frontend.risk_map.choropleth import choropleth_build
from frontend.risk_map.folium_risk_map import choropleth_values, risk_map_build, shapes_key
from frontend.risk_map.page_context import (
    MEASURE_KINDS,
    class_rows,
    page_strings,
    period_options,
    trend_chart,
)
from frontend.risk_map.query import risk_query_parse
from geo.areas import Area
from geo.models import AdminUnit, Level
from monitoring.audit import audit_export
from monitoring.disclosure import disclosure_for, is_hidden
from monitoring.exports.download import attachment
from monitoring.figures.panel import commune_panel
from monitoring.figures.risk_score import WEIGHTS
from monitoring.figures.summary import province_summary
from monitoring.models import Indicator

REQUIRED = ("geo.view_adminunit", "monitoring.view_casecount")


def _query(request):
    """The parsed query; a district outside the user's areas is treated as unknown."""
    query = risk_query_parse(
        request.GET, today=timezone.localdate(), unit_ids=Area.of(request.user).unit_ids()
    )
    if query.district:
        district = AdminUnit.current.filter(level=Level.DISTRICT, code=query.district).first()
        if district is None or not Area.of(request.user).contains(district):
            query = dataclasses.replace(query, district=None)
    return query


def _refuse_corrected(query) -> None:
    """Files are made only for the period and measure asked for: a query the page would
    have corrected (see ``risk_query_parse``) is refused with the reasons."""
    if query.messages:
        raise BadInput(" ".join(query.messages), code="query_corrected")


def _layer(request, query, protection=None):
    """The choropleth of the user's areas, protected by ``protection``: a page passes the
    request's one ``Disclosure`` so its tables are built once for every figure on it."""
    return choropleth_build(
        query,
        unit_ids=Area.of(request.user).unit_ids(),
        protection=protection or disclosure_for(user=request.user),
    )


def _area_name(request, query) -> str:
    """The area a picture or print of this query shows: the district drilled into, or
    the reader's areas."""
    if query.district:
        district = AdminUnit.current.filter(level=Level.DISTRICT, code=query.district).first()
        if district is not None:
            return district.name
    return Area.of(request.user).name()


def _filter(query) -> dict:
    return {"query": query.params()}


def _parts(request) -> dict:
    """What the page shows besides the map and a switch replaces in place (values,
    legend, notes, summary, charts): one definition for the page and ``state.json``."""
    query = _query(request)
    protection = disclosure_for(user=request.user)
    layer = _layer(request, query, protection)
    has_districts = AdminUnit.current.filter(level=Level.DISTRICT).exists()
    summary = province_summary(
        indicator=layer.indicator,
        period=query.period,
        units=layer.communes,
        group_by_parent=has_districts and not query.district,
        protection=protection,
    )
    charts = {
        "trend": trend_chart(summary, query.period),
        "parts": {
            "labels": [name + (f" ({v})" if is_hidden(v) else "") for _, name, v in summary.by_parent],
            "values": [None if is_hidden(v) else v for _, _, v in summary.by_parent],
        },
        "indicator": layer.indicator.label,
    }
    district = (
        AdminUnit.current.filter(level=Level.DISTRICT, code=query.district).first()
        if query.district
        else None
    )
    return {
        "query": query,
        "layer": layer,
        "summary": summary,
        "district": district,
        "has_districts": has_districts,
        "charts": charts,
        "class_rows": class_rows(summary.class_counts),
        "shapes": shapes_key(query, layer),
    }


@require_GET
@permission_required_403(*REQUIRED)
def risk_map_page(request):
    parts = _parts(request)
    query, layer = parts["query"], parts["layer"]
    fmap = risk_map_build(query, layer, establishments=request.user.has_perm("monitoring.view_establishment"))
    return render(
        request,
        "frontend/risk_map.html",
        {
            **parts,
            "indicators": Indicator.objects.order_by("display_order"),
            "weights": WEIGHTS,
            "map_name": fmap.get_name(),
            "choropleth_name": fmap.choropleth_name,
            **map_context(fmap),
            "strings": page_strings(),
            "period_options": period_options(parts["summary"].trend),
            "measure_kinds": MEASURE_KINDS(),
            "symbols": symbols_legend(
                "counselling_active",
                "counselling_planned",
                "treatment_facility",
                *(["establishment"] if request.user.has_perm("monitoring.view_establishment") else []),
                "land_border",
                *(["district_boundary"] if parts["has_districts"] and query.level == Level.COMMUNE else []),
                "border_bands",
            ),
        },
    )


#: The page's pieces a switch replaces, each rendered by the template the page includes.
STATE_FRAGMENTS = {
    "notes": "frontend/risk_map_notes.html",
    "legend": "frontend/risk_map_legend.html",
    "summary": "frontend/risk_map_summary.html",
}


@require_GET
@permission_required_403(*REQUIRED)
def risk_map_state(request):
    """The map's state for a query, as the page's script applies it without a reload:
    the units' values and colours, the legend, notes and summary (rendered by the page's
    own templates), the charts' data, and the key of the shapes they go on (a switch
    that needs other shapes, another level or district, loads the page instead)."""
    parts = _parts(request)
    query, layer = parts["query"], parts["layer"]
    return JsonResponse(
        {
            "shapes": parts["shapes"],
            "values": choropleth_values(layer),
            "measure_label": str(layer.measure_label),
            "html": {
                name: render_to_string(template, parts, request=request)
                for name, template in STATE_FRAGMENTS.items()
            },
            "charts": parts["charts"],
            "panel_url": reverse("frontend:risk_map_commune", args=["CODE"]) + "?" + query.params(),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@permission_required_403(*REQUIRED)
def risk_map_commune(request, code):
    query = _query(request)
    unit = AdminUnit.current.filter(code=code).first()
    if unit is None or not Area.of(request.user).contains(unit):
        raise Http404(f"No current commune in your areas has the code {code}.")
    indicator = Indicator.objects.get(code=query.indicator_code)
    panel = commune_panel(
        code=code,
        period=query.period,
        indicator=indicator,
        protection=disclosure_for(user=request.user),
        establishments=request.user.has_perm("monitoring.view_establishment"),
    )
    if panel is None:
        raise Http404(f"No current commune has the code {code}.")
    if request.user.has_perm("monitoring.view_alert"):
        panel["alerts"] = commune_alerts(request, unit)
    return JsonResponse(panel)


@require_GET
@permission_required_403(*REQUIRED)
def risk_map_export(request):
    query = _query(request)
    _refuse_corrected(query)
    layer = _layer(request, query)
    body = export.geojson_export(query, layer)
    audit_export(request.user, "page", "risk-map.geojson", _filter(query), len(layer.units))
    response = HttpResponse(body, content_type="application/geo+json")
    return attachment(response, f"ban-do-nguy-co-{query.period.key()}.geojson")


@require_GET
@permission_required_403(*REQUIRED)
def risk_map_png(request):
    from frontend.risk_map import picture  # matplotlib and geopandas: only when a PNG is asked for

    query = _query(request)
    _refuse_corrected(query)
    layer = _layer(request, query)
    if request.GET.get("download"):
        audit_export(request.user, "page", "risk-map.png", _filter(query), len(layer.units))
    response = HttpResponse(
        picture.png_render(
            query,
            layer,
            area_name=_area_name(request, query),
            captioned=request.GET.get("caption") != "0",  # the print view writes its own
            portrait=request.GET.get("orientation") == "portrait",
        ),
        content_type="image/png",
    )
    if request.GET.get("download"):
        attachment(response, f"ban-do-nguy-co-{query.period.key()}.png")
    return response


@require_GET
@permission_required_403(*REQUIRED)
def risk_map_print(request):
    """One A4 page (landscape, or portrait with ``orientation=portrait``): the title
    naming area, measure, period and completeness, the picture (map, legend beside it,
    scale, north arrow), the legend's basis, source and date."""
    from frontend.risk_map.picture import picture_title

    query = _query(request)
    layer = _layer(request, query)
    audit_export(request.user, "page", "risk-map.print", _filter(query), len(layer.units))
    portrait = request.GET.get("orientation") == "portrait"
    return render(
        request,
        "frontend/risk_map_print.html",
        {
            "query": query,
            "layer": layer,
            "title_lines": picture_title(query, layer, area_name=_area_name(request, query)).split("\n"),
            "orientation": "portrait" if portrait else "landscape",
            "printed_at": timezone.localtime(),
        },
    )
