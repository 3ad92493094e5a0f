"""The public view (``/public/``): when an administrator turns it on in the site
settings, anonymous visitors see a map and table of protected aggregates only
(``monitoring.public_figures``). Otherwise the address does not exist."""

from django.http import Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontend.base_map import add_border_line, base_map, geometries_bounds, map_context
from frontend.folium_layers import ValueGeoJson
from frontend.folium_offline import localize_assets
from geo import map_layers
from monitoring.figures.completeness import default_period
from monitoring.figures.periods import Period, PeriodError
from monitoring.models import Indicator, SiteSettings
from monitoring.public_figures import public_figures

__all__ = ["public_page"]

COLOURS = ["#fee5d9", "#fcae91", "#fb6a4a", "#cb181d"]


def _colour(value, top: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):  # protected
        return "#fdf1ea"
    if not top:
        return COLOURS[0]
    return COLOURS[min(len(COLOURS) - 1, int(len(COLOURS) * value / (top + 1)))]


@require_GET
def public_page(request):
    if not SiteSettings.load().public_view_enabled:
        raise Http404("The public view is off.")
    today = timezone.localdate()
    period, period_error = default_period(today=today), None
    try:
        if request.GET.get("period"):
            period = Period.parse(request.GET["period"])
    except PeriodError as error:  # the page shows the default period and says why
        period_error = str(error)
    indicators = list(Indicator.objects.order_by("display_order"))
    indicator = next((i for i in indicators if i.code == request.GET.get("indicator")), None)
    indicator = indicator or next((i for i in indicators if i.code == "illegal_users"), indicators[0])
    figures = public_figures(indicator=indicator, period=period)
    top = max((v for v in figures.shown.values() if isinstance(v, int)), default=0)

    def display(code: str) -> str:
        if figures.shown[code] is None:
            return _("no data")
        reporting = figures.reporting.get(code)
        if reporting is None or reporting.complete:
            return str(figures.shown[code])
        return f"{figures.shown[code]} ({_('incomplete')}: {reporting.label()})"

    values = {
        u.code: {
            "name": u.name,
            "parent": u.parent_name or "",
            "display": display(u.code),
            "colour": _colour(figures.shown[u.code], top),
            "is_border": u.is_border,
        }
        for u in figures.units
    }
    fmap, blocks = base_map()
    ValueGeoJson(
        map_layers.unit_shapes_geojson(level=figures.level, codes=list(values)),
        blocks=blocks,
        values=values,
        name=indicator.label,
        measure_label=indicator.label,
        base={"fillOpacity": 0.8, "color": "#5b6770", "weight": 0.8},
        no_data={"fillColor": "#e0e0e0", "fillOpacity": 0.4},
        border={},
    ).add_to(fmap)
    add_border_line(fmap, blocks)
    shapes = map_layers.unit_shapes(level=figures.level)
    if bounds := geometries_bounds(shapes.get(code) for code in values):
        fmap.fit_bounds(bounds)
    localize_assets(fmap, url_for=static)
    return render(
        request,
        "frontend/public.html",
        {
            "figures": figures,
            "period_error": period_error,
            "rows": [(u, figures.shown[u.code], figures.reporting.get(u.code)) for u in figures.units],
            "indicators": indicators,
            **map_context(fmap),
        },
    )
