"""Compose the risk map with folium: offline basemap, choropleth, border and distance
bands, districts, counselling points, treatment facilities and clustered
establishments. Every asset comes from the app (``frontend.folium_offline``)."""

import folium
from django.conf import settings
from django.db import connection
from django.templatetags.static import static
from django.utils.translation import gettext as _
from folium.plugins import FastMarkerCluster

from frontend.folium_offline import localize_assets, offline_map
from frontend.risk_map.choropleth import Choropleth
from frontend.risk_map.query import RiskQuery
from frontend.risk_map.styles import NO_DATA_STYLE
from geo import map_layers
from geo.models import Level
from geo.selectors import border_lines_geojson

__all__ = ["risk_map_build"]

BORDER_COLOUR = "#b71c1c"
ESTABLISHMENT_CALLBACK = """
function (row) {
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
        {radius: 5, color: '#4a148c', weight: 1, fillColor: '#8e24aa', fillOpacity: 0.85});
    marker.bindTooltip(row[2]);
    return marker;
}
"""


def _bounds(collection: dict):
    xs, ys = [], []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        for polygon in polygons:
            for x, y in polygon[0]:
                xs.append(x)
                ys.append(y)
    return [[min(ys), min(xs)], [max(ys), max(xs)]] if xs else None


def _style(feature):
    props = feature["properties"]
    style = {
        "fillColor": props["colour"],
        "fillOpacity": 0.85,
        "color": "#7f1d1d" if props["is_border"] else "#5b6770",
        "weight": 2.2 if props["is_border"] else 0.6,
    }
    return style | NO_DATA_STYLE if props["colour"] is None else style


def _places(sql: str, ids: list[int]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids])
        return cursor.fetchall()


def _add_places(fmap: folium.Map, commune_ids: list[int]) -> None:
    points = folium.FeatureGroup(name=_("Counselling points"), show=True)
    for lat, lng, name, status in _places(
        "SELECT ST_Y(location), ST_X(location), name, status FROM monitoring_counsellingpoint"
        " WHERE commune_id = ANY(%s) AND status <> 'closed' ORDER BY name",
        commune_ids,
    ):
        folium.CircleMarker(
            [lat, lng],
            radius=7,
            color="#0b5d1e",
            weight=2,
            fill_color="#2e7d32" if status == "active" else "#ffffff",
            fill_opacity=1,
            tooltip=f"{name} ({_('planned') if status == 'planned' else _('active')})",
        ).add_to(points)
    points.add_to(fmap)
    facilities = folium.FeatureGroup(name=_("Treatment facilities"), show=True)
    for lat, lng, name in _places(
        "SELECT ST_Y(location), ST_X(location), name FROM monitoring_treatmentfacility"
        " WHERE commune_id = ANY(%s) ORDER BY name",
        commune_ids,
    ):
        folium.CircleMarker(
            [lat, lng],
            radius=9,
            color="#0d47a1",
            weight=3,
            fill_color="#90caf9",
            fill_opacity=1,
            tooltip=name,
        ).add_to(facilities)
    facilities.add_to(fmap)
    rows = _places(
        "SELECT ST_Y(location), ST_X(location), name FROM monitoring_establishment"
        " WHERE commune_id = ANY(%s) AND status = 'active'",
        commune_ids,
    )
    establishments = folium.FeatureGroup(name=_("Establishments (clustered)"), show=False)
    FastMarkerCluster(
        [[round(a, 5), round(b, 5), n] for a, b, n in rows], callback=ESTABLISHMENT_CALLBACK
    ).add_to(establishments)
    establishments.add_to(fmap)


def risk_map_build(query: RiskQuery, layer: Choropleth) -> folium.Map:
    """The folium map for ``query`` with ``layer`` as its choropleth."""
    location, zoom = ((query.view[0], query.view[1]), query.view[2]) if query.view else ((15.7, 108.0), 8)
    fmap = offline_map(
        url_for=static,
        location=location,
        zoom_start=zoom,
        control_scale=True,
        prefer_canvas=True,
        max_zoom=map_layers.MAX_ZOOM,
        min_zoom=5,
    )
    if settings.BASEMAP_TILE_URL:
        folium.TileLayer(
            settings.BASEMAP_TILE_URL, attr=settings.BASEMAP_ATTRIBUTION, name=_("Basemap")
        ).add_to(fmap)
    folium.GeoJson(
        map_layers.countries_around(),
        name=_("Neighbouring countries"),
        interactive=False,
        control=False,
        style_function=lambda f: {"fillColor": "#f1ede3", "color": "#a79f8f", "weight": 1, "fillOpacity": 1},
    ).add_to(fmap)
    bands = folium.FeatureGroup(name=_("Distance to the border (5 / 10 / 20 km)"), show=False)
    for distance, geometry in map_layers.border_bands():
        folium.GeoJson(
            {"type": "Feature", "properties": {"km": distance // 1000}, "geometry": geometry},
            style_function=lambda f: {
                "fillColor": "#e57373",
                "fillOpacity": 0.18,
                "color": "#c62828",
                "weight": 1,
                "dashArray": "6 4",
            },
            tooltip=_("Within %(km)s km of the land border") % {"km": distance // 1000},
        ).add_to(bands)
    bands.add_to(fmap)
    choropleth = folium.GeoJson(
        layer.collection,
        name=layer.measure_label,
        style_function=_style,
        highlight_function=lambda f: {"weight": 3, "color": "#0d1b2a"},
        tooltip=folium.GeoJsonTooltip(
            ["name", "parent", "display"], aliases=[_("Unit"), _("Parent unit"), layer.measure_label]
        ),
        zoom_on_click=False,
    )
    choropleth.add_to(fmap)
    if query.level == Level.COMMUNE or query.district:
        districts = folium.FeatureGroup(name=_("District boundaries"), show=True)
        shapes = map_layers.unit_shapes(level=Level.DISTRICT)
        if shapes:
            folium.GeoJson(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {"type": "Feature", "properties": {"code": c}, "geometry": g}
                        for c, g in shapes.items()
                    ],
                },
                interactive=False,
                style_function=lambda f: {"fill": False, "color": "#1d3557", "weight": 1.6},
            ).add_to(districts)
            districts.add_to(fmap)
    folium.GeoJson(
        border_lines_geojson(),
        name=_("National land border"),
        interactive=False,
        style_function=lambda f: {"color": BORDER_COLOUR, "weight": 3, "dashArray": "8 4"},
    ).add_to(fmap)
    _add_places(fmap, [c.id for c in layer.communes])
    folium.LayerControl(collapsed=True).add_to(fmap)
    if not query.view and (bounds := _bounds(layer.collection)):
        fmap.fit_bounds(bounds)
    localize_assets(fmap, url_for=static)
    fmap.choropleth_name = choropleth.get_name()
    return fmap
