"""The home page map: country outlines as an offline basemap, the province, its
districts and communes (border communes highlighted) and the national land border.
Names come from boundary uploads: their properties are HTML-escaped before folium's
tooltips write them into the page (``properties_escaped``)."""

import json

import folium
from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bilingual import is_english
from frontend.base_map import map_context
from frontend.folium_layers import properties_escaped
from frontend.folium_offline import offline_map
from geo import selectors as geo_selectors
from geo.models import Level
from monitoring import selectors as monitoring_selectors
from monitoring.figures.completeness import latest_complete_month
from monitoring.quality.approval import approval_state

__all__ = ["context"]

BORDER_COLOUR = "#c62828"


def _bounds(collection: dict) -> list[list[float]] | None:
    xs, ys = [], []
    for feature in collection["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for x, y in polygon[0]:
                xs.append(x)
                ys.append(y)
    return [[min(ys), min(xs)], [max(ys), max(xs)]] if xs else None


def build_map(*, unit_ids=None) -> folium.Map:
    """Compose the folium map from database layers (no request leaves the app), with the
    units of ``unit_ids`` (a user's area; None: all)."""
    fmap = offline_map(
        url_for=static, location=[15.8, 107.9], zoom_start=8, control_scale=True, prefer_canvas=True
    )
    if settings.BASEMAP_TILE_URL:
        folium.TileLayer(
            settings.BASEMAP_TILE_URL, attr=settings.BASEMAP_ATTRIBUTION, name=_("Basemap")
        ).add_to(fmap)
    folium.GeoJson(
        properties_escaped(json.loads(geo_selectors.country_outlines_geojson(decimals=4))),
        name=_("Countries"),
        style_function=lambda f: {
            "fillColor": "#f1ede3",
            "color": "#a79f8f",
            "weight": 1,
            "fillOpacity": 1,
        },
        tooltip=folium.GeoJsonTooltip(["name_en" if is_english() else "name_vi"], labels=False),
    ).add_to(fmap)
    communes = properties_escaped(
        json.loads(geo_selectors.units_geojson(level=Level.COMMUNE, decimals=5, unit_ids=unit_ids))
    )
    folium.GeoJson(
        communes,
        name=_("Communes"),
        style_function=lambda f: {
            "fillColor": "#f6c28b" if f["properties"]["is_border"] else "#cfe3f3",
            "color": "#5b7083",
            "weight": 0.6,
            "fillOpacity": 0.75,
        },
        highlight_function=lambda f: {"weight": 2.5, "color": "#1d3557"},
        tooltip=folium.GeoJsonTooltip(
            ["name", "code", "population", "border_distance_m"],
            aliases=[_("Commune"), _("Code"), _("Population"), _("Distance to border (m)")],
            localize=True,
        ),
    ).add_to(fmap)
    folium.GeoJson(
        json.loads(geo_selectors.units_geojson(level=Level.DISTRICT, decimals=5, unit_ids=unit_ids)),
        name=_("Districts"),
        style_function=lambda f: {"fill": False, "color": "#1d3557", "weight": 1.8},
        interactive=False,
    ).add_to(fmap)
    folium.GeoJson(
        properties_escaped(json.loads(geo_selectors.border_lines_geojson())),
        name=_("National land border"),
        style_function=lambda f: {"color": BORDER_COLOUR, "weight": 3, "dashArray": "8 4"},
        tooltip=folium.GeoJsonTooltip(["neighbour_name"], labels=False),
    ).add_to(fmap)
    bounds = _bounds(communes)
    if bounds:
        fmap.fit_bounds(bounds)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


def context(*, unit_ids=None) -> dict:
    """Template context: the map's header, body and script, and the summary of the area."""
    fmap = build_map(unit_ids=unit_ids)
    latest = latest_complete_month(today=timezone.localdate(), unit_ids=unit_ids)
    return {
        **map_context(fmap),
        "summary": monitoring_selectors.province_summary(unit_ids=unit_ids),
        "latest_complete": latest,
        "latest_approval": approval_state(period=latest, unit_ids=unit_ids) if latest else None,
    }
