"""The planning map (folium): basemap, communes coloured by coverage, border and the
20 km band, existing counselling points with their service radius. Planned and
suggested points are drawn by the page's script so they can move."""

import folium
from django.templatetags.static import static
from django.utils.translation import gettext as _

from frontend.base_map import add_border_line, base_map
from frontend.folium_layers import StaticGeoJson, ValueGeoJson
from frontend.folium_offline import localize_assets
from frontend.map_symbols import symbol_style
from frontend.planning.payload import COVERED, UNCOVERED
from frontend.planning.plan import PlanState
from frontend.risk_map.styles import NO_DATA_STYLE
from geo import map_layers
from geo.models import Level

__all__ = ["COVERED", "UNCOVERED", "planning_map_build"]


def planning_map_build(state: PlanState, payload: dict) -> folium.Map:
    fmap, blocks = base_map()
    bands = map_layers.border_bands_geojson()
    StaticGeoJson(
        bands,
        blocks=blocks,
        name=_("Distance to the border (5 / 10 / 20 km)"),
        show=True,
        style=symbol_style("border_bands", fillOpacity=0.08),
    ).add_to(fmap)
    values = {}
    for i, p in enumerate(state.demand):
        facts = payload["communes"][p.code]
        colour = facts["colour"]
        values[p.code] = {
            "name": p.name,
            "parent": p.parent,
            "colour": colour,
            "is_border": p.is_border,
            "display": _display(state.demand_shown(i), facts),
        }
    layer = ValueGeoJson(
        map_layers.unit_shapes_geojson(level=Level.COMMUNE, codes=list(values)),
        blocks=blocks,
        values=values,
        name=_("Communes: covered / not covered"),
        measure_label=_("Demand"),
        base={"fillOpacity": 0.55, "color": "#5b6770", "weight": 0.6},
        no_data=dict(NO_DATA_STYLE),
        border={"color": "#7f1d1d", "weight": 2.2},
    )
    layer.add_to(fmap)
    add_border_line(fmap, blocks)
    folium.LayerControl(collapsed=True).add_to(fmap)
    if state.demand:
        lons = [p.lon for p in state.demand]
        lats = [p.lat for p in state.demand]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    localize_assets(fmap, url_for=static)
    fmap.choropleth_name = layer.get_name()
    return fmap


def _display(weight, facts) -> str:
    demand = _("not reported") if weight is None else (weight if isinstance(weight, str) else f"{weight:g}")
    if facts["distance_m"] is None:
        return demand
    return f"{demand} · {facts['nearest']} {facts['distance_m'] / 1000:.1f} km"
