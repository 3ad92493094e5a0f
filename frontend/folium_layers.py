"""Lean folium layers for large, mostly static GeoJSON.

folium's ``GeoJson`` re-reads, re-styles and re-serialises every feature on every
render, and branca compiles every rendered script as a Jinja template, so large inline
data costs twice. These layers take GeoJSON text prepared (and cached) by PostGIS or
``geo.map_layers``, hand it to the page as ``<script type="application/json">`` blocks
(``DataBlocks``) that the layer's script parses, and style features in the browser from
a small per-request table: a request pays only for what changed.
"""

import html
import json

from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.plugins import MarkerCluster
from jinja2 import Template

__all__ = [
    "ClusteredPoints",
    "DataBlocks",
    "StaticGeoJson",
    "ValueGeoJson",
    "html_text",
    "properties_escaped",
]


class DataBlocks(list):
    """``(element id, JSON text)`` pairs the page template writes before the map script."""

    def add(self, owner: Layer, text: str) -> str:
        block_id = f"{owner.get_name()}-data-{len(self)}"
        self.append((block_id, text.replace("</", "<\\/")))
        return f'JSON.parse(document.getElementById("{block_id}").textContent)'


def html_text(value) -> str:
    """``value`` as text for folium's ``Tooltip`` and ``Popup``: they write it into HTML
    inside a JavaScript template literal of the page's script, so besides ``& < > " '``
    the backslash, backtick and ``$`` (``${…}`` would run) become character references.

    >>> html_text("<img src=x onerror=alert(1)> `${alert(2)}`")
    '&lt;img src=x onerror=alert(1)&gt; &#96;&#36;{alert(2)}&#96;'
    """
    text = html.escape(str(value))
    return text.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def properties_escaped(collection: dict) -> dict:
    """``collection`` with every text property HTML-escaped, for folium's ``GeoJson``:
    its ``GeoJsonTooltip`` and ``GeoJsonPopup`` write raw property values into
    ``innerHTML``. Returns the same (modified) dictionary."""
    for item in collection.get("features", []):
        properties = item.get("properties") or {}
        for key, value in properties.items():
            if isinstance(value, str):
                properties[key] = html.escape(value)
    return collection


# Names come from the database: escape them before Leaflet puts them into HTML.
ESCAPE_JS = """function (s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; }); }"""


class StaticGeoJson(Layer):
    """GeoJSON text drawn with one style; optional tooltip from a property."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.data }}, {
            style: {{ this.style }},
            pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, {{ this.style }}); },
            interactive: {{ this.interactive }}
            {%- if this.tooltip %},
            onEachFeature: function (feature, layer) {
                layer.bindTooltip(({{ this.escape }})(feature.properties[{{ this.tooltip }}]));
            }
            {%- endif %}
        });
        {% endmacro %}"""
    )

    def __init__(
        self,
        data: str,
        *,
        blocks: DataBlocks,
        name: str | None = None,
        style: dict,
        tooltip: str | None = None,
        interactive: bool = False,
        show: bool = True,
        control: bool = True,
    ):
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "StaticGeoJson"
        self.data = blocks.add(self, data)
        self.style = json.dumps(style)
        self.tooltip = json.dumps(tooltip) if tooltip else None
        self.interactive = json.dumps(interactive or bool(tooltip))
        self.escape = ESCAPE_JS


class ValueGeoJson(Layer):
    """Unit shapes (GeoJSON text whose features carry ``code``) styled from ``values``:
    ``{code: {"name", "parent", "display", "colour", "is_border"}}``. A unit with no
    colour is drawn with the no-data style. ``layer.setValues(values, measureLabel)``
    restyles the same shapes for another period or measure (no reload)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var values = {{ this.values }}, base = {{ this.base }}, noData = {{ this.no_data }},
                border = {{ this.border }}, labels = {{ this.labels }}, esc = {{ this.escape }};
            function style(feature) { return styleOf(values[feature.properties.code] || {}); }
            function styleOf(v) {
                var s = Object.assign({}, base, {fillColor: v.colour});
                if (!v.colour) Object.assign(s, noData);
                if (v.is_border) Object.assign(s, border);
                return s;
            }
            function tip(v) {
                return "<b>" + esc(v.name) + "</b>" + (v.parent ? "<br>" + esc(v.parent) : "") +
                    "<br>" + esc(labels.measure) + ": <b>" + esc(v.display) + "</b>";
            }
            var layer = L.geoJson({{ this.data }}, {
                style: style,
                onEachFeature: function (feature, shape) {
                    var v = values[feature.properties.code] || {};
                    feature.properties = Object.assign(feature.properties, v);
                    shape.bindTooltip(tip(v), {sticky: true});
                    shape.on("mouseover", function () { shape.setStyle({weight: 3, color: "#0d1b2a"}); });
                    shape.on("mouseout", function () { layer.resetStyle(shape); });
                }
            });
            // The same style and tooltip for a copy of these shapes (the split view's maps).
            layer.styleOf = styleOf;
            layer.tipOf = function (v, measure) {
                var own = labels.measure;
                labels.measure = measure;
                try { return tip(v); } finally { labels.measure = own; }
            };
            // Another period or measure on the same shapes: restyle and relabel in place.
            layer.setValues = function (next, measure) {
                values = next;
                labels.measure = measure;
                layer.eachLayer(function (shape) {
                    var v = values[shape.feature.properties.code] || {};
                    Object.assign(shape.feature.properties, {name: v.name, parent: v.parent,
                        display: v.display, colour: v.colour, is_border: v.is_border});
                    shape.setTooltipContent(tip(v));
                    layer.resetStyle(shape);
                });
            };
            return layer;
        })();
        {% endmacro %}"""
    )

    def __init__(
        self,
        data: str,
        *,
        blocks: DataBlocks,
        values: dict,
        name: str,
        measure_label: str,
        base: dict,
        no_data: dict,
        border: dict,
    ):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "ValueGeoJson"
        self.data = blocks.add(self, data)
        self.values = blocks.add(self, json.dumps(values, ensure_ascii=False))
        self.base, self.no_data, self.border = json.dumps(base), json.dumps(no_data), json.dumps(border)
        self.labels = json.dumps({"measure": measure_label}, ensure_ascii=False).replace("</", "<\\/")
        self.escape = ESCAPE_JS


class ClusteredPoints(JSCSSMixin, Layer):
    """Points ``[[lat, lng, label], ...]`` (JSON text) in a marker cluster group."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var group = L.markerClusterGroup({chunkedLoading: true});
            var rows = {{ this.data }};
            for (var i = 0; i < rows.length; i++) {
                var m = L.circleMarker([rows[i][0], rows[i][1]], {{ this.style }});
                m.bindTooltip(({{ this.escape }})(rows[i][2]));
                group.addLayer(m);
            }
            return group;
        })();
        {% endmacro %}"""
    )
    default_js = MarkerCluster.default_js
    default_css = MarkerCluster.default_css

    def __init__(self, data: str, *, blocks: DataBlocks, name: str, style: dict, show: bool = False):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "ClusteredPoints"
        self.data = blocks.add(self, data)
        self.style = json.dumps(style)
        self.escape = ESCAPE_JS
