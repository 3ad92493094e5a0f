"""Views of the risk map: the page, the commune panel, GeoJSON export, PNG and print.
They parse the query, call the builders and render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontend.risk_map import export
from frontend.risk_map.choropleth import choropleth_build
from frontend.risk_map.compose import risk_map_build
from frontend.risk_map.page_context import MEASURE_KINDS, class_rows, page_strings, period_options
from frontend.risk_map.query import risk_query_parse
from geo.models import AdminUnit, Level
from monitoring.models import Indicator
from monitoring.riskmap.panel import commune_panel
from monitoring.riskmap.risk_score import WEIGHTS
from monitoring.riskmap.summary import province_summary


def _query(request):
    return risk_query_parse(request.GET, today=timezone.localdate())


@require_GET
@login_required
def risk_map_page(request):
    query = _query(request)
    layer = choropleth_build(query)
    has_districts = AdminUnit.current.filter(level=Level.DISTRICT).exists()
    summary = province_summary(
        indicator=layer.indicator,
        period=query.period,
        units=layer.communes,
        group_by_parent=has_districts and not query.district,
    )
    fmap = risk_map_build(query, layer)
    root = fmap.get_root()
    root.render()
    charts = {
        "trend": {
            "labels": [f"{m:%m/%Y}" for m, _ in summary.trend],
            "values": [v for _, v in summary.trend],
            "current": f"{query.period.end:%m/%Y}",
        },
        "parts": {
            "labels": [name for _, name, _ in summary.by_parent],
            "values": [v for _, _, v in summary.by_parent],
        },
        "indicator": layer.indicator.name_vi,
    }
    district = (
        AdminUnit.current.filter(level=Level.DISTRICT, code=query.district).first()
        if query.district
        else None
    )
    return render(
        request,
        "frontend/risk_map.html",
        {
            "query": query,
            "layer": layer,
            "summary": summary,
            "district": district,
            "has_districts": has_districts,
            "indicators": Indicator.objects.order_by("display_order"),
            "weights": WEIGHTS,
            "map_name": fmap.get_name(),
            "choropleth_name": fmap.choropleth_name,
            "map_header": root.header.render(),
            "map_html": root.html.render(),
            "map_script": root.script.render(),
            "data_blocks": fmap.data_blocks,
            "charts": charts,
            "strings": page_strings(),
            "period_options": period_options(summary.trend),
            "measure_kinds": MEASURE_KINDS(),
            "class_rows": class_rows(summary.class_counts),
        },
    )


@require_GET
@login_required
def risk_map_commune(request, code):
    query = _query(request)
    indicator = Indicator.objects.get(code=query.indicator_code)
    panel = commune_panel(code=code, period=query.period, indicator=indicator)
    if panel is None:
        raise Http404(f"No current commune has the code {code}.")
    return JsonResponse(panel)


@require_GET
@login_required
def risk_map_export(request):
    query = _query(request)
    body = export.geojson_export(query, choropleth_build(query))
    response = HttpResponse(body, content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="ban-do-nguy-co-{query.period.key()}.geojson"'
    return response


@require_GET
@login_required
def risk_map_png(request):
    from frontend.risk_map import picture  # matplotlib and geopandas: only when a PNG is asked for

    query = _query(request)
    layer = choropleth_build(query)
    response = HttpResponse(picture.png_render(query, layer), content_type="image/png")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="ban-do-nguy-co-{query.period.key()}.png"'
    return response


@require_GET
@login_required
def risk_map_print(request):
    query = _query(request)
    layer = choropleth_build(query)
    return render(
        request,
        "frontend/risk_map_print.html",
        {
            "query": query,
            "layer": layer,
            "printed_at": timezone.localtime(),
        },
    )
