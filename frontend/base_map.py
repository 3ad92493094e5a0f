"""The map every page starts from: offline folium map, optional tile basemap, and the
country outlines from the database as the basemap (or as outlines over the tiles)."""

import re

import folium
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _

from frontend.folium_layers import DataBlocks, StaticGeoJson, ValueGeoJson
from frontend.folium_offline import localize_assets, offline_map
from frontend.leaflet_strings import leaflet_locale_script
from frontend.map_symbols import symbol_style
from geo import map_layers
from geo.models import Level

__all__ = [
    "add_border_line",
    "base_map",
    "geometries_bounds",
    "map_context",
    "map_script_render",
    "unit_values_map",
]

UNIT_VALUES_STYLE = {
    "base": {"fillOpacity": 0.75, "color": "#5b6770", "weight": 0.6},
    "no_data": {"fillColor": "#e0e0e0", "fillOpacity": 0.4},
    "border": {},
}


def base_map(*, location=(15.7, 108.0), zoom: int = 8) -> tuple[folium.Map, DataBlocks]:
    """A map limited to the zooms the simplified shapes serve, and its data blocks."""
    fmap = offline_map(
        url_for=static,
        location=location,
        zoom_start=zoom,
        control_scale=True,
        prefer_canvas=True,
        max_zoom=map_layers.MAX_ZOOM,
        min_zoom=5,
    )
    # folium passes min/max zoom to tile layers only; the map itself needs them too
    # (a marker cluster refuses a map without maxZoom, and shapes are simplified for it).
    fmap.options.update({"max_zoom": map_layers.MAX_ZOOM, "min_zoom": 5})
    blocks = fmap.data_blocks = DataBlocks()
    if settings.BASEMAP_TILE_URL:
        folium.TileLayer(
            settings.BASEMAP_TILE_URL, attr=settings.BASEMAP_ATTRIBUTION, name=_("Basemap")
        ).add_to(fmap)
    StaticGeoJson(
        map_layers.countries_around_geojson(),
        blocks=blocks,
        control=False,
        # Over a tile basemap only the outlines are drawn; without one they are the basemap.
        style={
            "fillColor": "#f1ede3",
            "color": "#a79f8f",
            "weight": 1,
            "fillOpacity": 0 if settings.BASEMAP_TILE_URL else 1,
        },
    ).add_to(fmap)
    return fmap, blocks


def add_border_line(fmap: folium.Map, blocks: DataBlocks) -> None:
    """The national land border as a dashed red line, above the other layers."""
    StaticGeoJson(
        map_layers.border_lines_geojson(),
        blocks=blocks,
        name=_("National land border"),
        style=symbol_style("land_border"),
    ).add_to(fmap)


def geometries_bounds(geometries) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of GeoJSON (Multi)Polygons' outer rings."""
    xs, ys = [], []
    for geometry in geometries:
        if not geometry:
            continue
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        for polygon in polygons:
            for x, y in polygon[0]:
                xs.append(x)
                ys.append(y)
    return [[min(ys), min(xs)], [max(ys), max(xs)]] if xs else None


def unit_values_map(*, values: dict, name: str, measure_label: str, level: str = Level.COMMUNE) -> folium.Map:
    """Units of ``level`` coloured from ``values`` (see ``ValueGeoJson``), fitted to them,
    with the page's own assets: the map of a page that shows one figure per unit."""
    fmap, blocks = base_map()
    ValueGeoJson(
        map_layers.unit_shapes_geojson(level=level, codes=list(values)),
        blocks=blocks,
        values=values,
        name=name,
        measure_label=measure_label,
        **UNIT_VALUES_STYLE,
    ).add_to(fmap)
    shapes = map_layers.unit_shapes(level=level)
    fmap.fit_bounds(geometries_bounds(shapes.get(code) for code in values) or [[8, 102], [23.5, 110]])
    localize_assets(fmap, url_for=static)
    return fmap


def map_script_render(root) -> str:
    """The rendered figure ``root``'s script, after Leaflet's strings in the page's language."""
    return leaflet_locale_script() + root.script.render()


INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def map_context(fmap: folium.Map) -> dict:
    """The rendered map's parts for a page template (header, HTML, script, data blocks).

    folium's header holds an inline ``<script>`` (Leaflet's flags) besides the asset
    links: it is moved to the front of the map script, the one inline block a page
    writes with the request's CSP nonce (``frontend.security_headers``)."""
    root = fmap.get_root()
    root.render()
    header = root.header.render()
    inline = "".join(match.group(1) for match in INLINE_SCRIPT.finditer(header))
    return {
        "map_header": INLINE_SCRIPT.sub("", header),
        "map_html": root.html.render(),
        "map_script": inline + map_script_render(root),
        "data_blocks": getattr(fmap, "data_blocks", []),
    }
