"""Compose the risk map with folium: offline basemap, choropleth, border and distance
bands, districts, counselling points, treatment facilities and clustered
establishments. Every asset comes from the app (``frontend.folium_offline``); large
GeoJSON arrives as cached text (``frontend.folium_layers``)."""

import hashlib

import folium
from django.db import connection
from django.templatetags.static import static
from django.utils.translation import gettext as _

from frontend.base_map import add_border_line, base_map, geometries_bounds
from frontend.folium_layers import ClusteredPoints, DataBlocks, StaticGeoJson, ValueGeoJson, html_text
from frontend.folium_offline import localize_assets
from frontend.map_symbols import folium_options, symbol_style
from frontend.risk_map.choropleth import Choropleth
from frontend.risk_map.query import RiskQuery
from frontend.risk_map.styles import NO_DATA_STYLE
from geo import map_layers
from geo.models import Level

__all__ = ["choropleth_values", "risk_map_build", "shapes_key"]

POINTS_SQL = """
SELECT coalesce(json_agg(json_build_array(round(ST_Y(location)::numeric, 5),
                                          round(ST_X(location)::numeric, 5), name)), '[]')::text
  FROM monitoring_establishment WHERE commune_id = ANY(%s) AND status = 'active'
"""


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _add_places(
    fmap: folium.Map, commune_ids: list[int], blocks: DataBlocks, *, establishments: bool
) -> None:
    points = folium.FeatureGroup(name=_("Counselling points"), show=True)
    for lat, lng, name, status in _rows(
        "SELECT ST_Y(location), ST_X(location), name, status FROM monitoring_counsellingpoint"
        " WHERE commune_id = ANY(%s) AND status <> 'closed' ORDER BY name",
        [commune_ids],
    ):
        folium.CircleMarker(
            [lat, lng],
            tooltip=html_text(f"{name} ({_('planned') if status == 'planned' else _('active')})"),
            **folium_options("counselling_planned" if status == "planned" else "counselling_active"),
        ).add_to(points)
    points.add_to(fmap)
    facilities = folium.FeatureGroup(name=_("Treatment facilities"), show=True)
    for lat, lng, name in _rows(
        "SELECT ST_Y(location), ST_X(location), name FROM monitoring_treatmentfacility"
        " WHERE commune_id = ANY(%s) ORDER BY name",
        [commune_ids],
    ):
        folium.CircleMarker(
            [lat, lng], tooltip=html_text(name), **folium_options("treatment_facility")
        ).add_to(facilities)
    facilities.add_to(fmap)
    if not establishments:
        return
    ((data,),) = _rows(POINTS_SQL, [commune_ids])
    ClusteredPoints(
        data,
        blocks=blocks,
        name=_("Establishments (clustered)"),
        style=symbol_style("establishment"),
    ).add_to(fmap)


def _shape_level(query: RiskQuery) -> str:
    return Level.COMMUNE if (query.level == Level.COMMUNE or query.district) else Level.DISTRICT


def choropleth_values(layer: Choropleth) -> dict:
    """``{code: {"name", "parent", "display", "colour", "is_border"}}``: what the map's
    shapes are styled and labelled from (on the page, and on a switch without reload)."""
    return {
        f["properties"]["code"]: {
            k: f["properties"][k] for k in ("name", "parent", "display", "colour", "is_border")
        }
        for f in layer.collection["features"]
    }


def shapes_key(query: RiskQuery, layer: Choropleth) -> str:
    """Which shapes the choropleth is drawn on (their level and codes): two queries with
    the same key restyle the same shapes."""
    codes = ",".join(sorted(f["properties"]["code"] for f in layer.collection["features"]))
    return hashlib.blake2b(f"{_shape_level(query)}|{codes}".encode(), digest_size=8).hexdigest()


def risk_map_build(query: RiskQuery, layer: Choropleth, *, establishments: bool = True) -> folium.Map:
    """The folium map for ``query`` with ``layer`` as its choropleth; ``establishments``:
    whether the reader may see the establishments layer."""
    location, zoom = ((query.view[0], query.view[1]), query.view[2]) if query.view else ((15.7, 108.0), 8)
    fmap, blocks = base_map(location=location, zoom=zoom)
    StaticGeoJson(
        map_layers.border_bands_geojson(),
        blocks=blocks,
        name=_("Distance to the border (5 / 10 / 20 km)"),
        show=False,
        style=symbol_style("border_bands"),
    ).add_to(fmap)
    shape_level = _shape_level(query)
    values = choropleth_values(layer)
    choropleth = ValueGeoJson(
        map_layers.unit_shapes_geojson(level=shape_level, codes=list(values)),
        blocks=blocks,
        values=values,
        name=layer.measure_label,
        measure_label=layer.measure_label,
        base={"fillOpacity": 0.85, "color": "#5b6770", "weight": 0.6},
        no_data={k: v for k, v in NO_DATA_STYLE.items()},
        border={"color": "#7f1d1d", "weight": 2.2},
    )
    choropleth.add_to(fmap)
    if shape_level == Level.COMMUNE and layer.district_codes:
        StaticGeoJson(
            map_layers.unit_shapes_geojson(level=Level.DISTRICT, codes=layer.district_codes),
            blocks=blocks,
            name=_("District boundaries"),
            style=symbol_style("district_boundary"),
        ).add_to(fmap)
    add_border_line(fmap, blocks)
    _add_places(fmap, [c.id for c in layer.communes], blocks, establishments=establishments)
    folium.LayerControl(collapsed=True).add_to(fmap)
    if not query.view and (bounds := geometries_bounds(f["geometry"] for f in layer.collection["features"])):
        fmap.fit_bounds(bounds)
    localize_assets(fmap, url_for=static)
    fmap.choropleth_name = choropleth.get_name()
    return fmap
