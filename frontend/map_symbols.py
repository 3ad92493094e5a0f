"""The point, line and area symbols the maps draw besides the choropleth: one definition
for the layer that draws a symbol (its Leaflet style) and for the legend that explains it
(``frontend/map_symbols.html``), so a map never shows a symbol its legend does not name.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = ["SYMBOLS", "Symbol", "folium_options", "symbol_style", "symbols_legend"]


@dataclass(frozen=True)
class Symbol:
    key: str
    label: Promise
    kind: str  # "circle" (a circle marker), "line", "area", "pin" (the planning page's pins)
    style: dict = field(default_factory=dict)  # Leaflet path options

    @property
    def css_class(self) -> str:
        """The planning page's pin class (``pin existing``), drawn by its stylesheet."""
        return "pin " + self.key.removeprefix("pin_") if self.kind == "pin" else ""

    @property
    def swatch_css(self) -> str:
        """Inline CSS drawing the symbol in the legend as the map draws it."""
        s = self.style
        if self.kind == "circle":
            size = 2 * s["radius"]
            return (
                f"width: {size}px; height: {size}px; border-radius: 50%; background: {s['fillColor']};"
                f" border: {s['weight']}px solid {s['color']};"
            )
        if self.kind == "line":
            dash = "dashed" if s.get("dashArray") else "solid"
            return f"width: 26px; height: 0; border-top: {s['weight']}px {dash} {s['color']};"
        if self.kind == "area":
            dash = "dashed" if s.get("dashArray") else "solid"
            return (
                f"width: 22px; height: 14px; background: {s['fillColor']};"
                f" opacity: {max(0.35, s['fillOpacity'] * 3):.2f}; border: 1px {dash} {s['color']};"
            )
        return ""


_POINT = {"fillOpacity": 1}
SYMBOLS = {
    symbol.key: symbol
    for symbol in (
        Symbol(
            "counselling_active",
            _("Counselling point (active)"),
            "circle",
            {"radius": 7, "color": "#0b5d1e", "weight": 2, "fillColor": "#2e7d32", **_POINT},
        ),
        Symbol(
            "counselling_planned",
            _("Counselling point (planned)"),
            "circle",
            {"radius": 7, "color": "#0b5d1e", "weight": 2, "fillColor": "#ffffff", **_POINT},
        ),
        Symbol(
            "treatment_facility",
            _("Treatment facility"),
            "circle",
            {"radius": 9, "color": "#0d47a1", "weight": 3, "fillColor": "#90caf9", **_POINT},
        ),
        Symbol(
            "establishment",
            _("Establishment (a number: that many close together; zoom in)"),
            "circle",
            {"radius": 5, "color": "#4a148c", "weight": 1, "fillColor": "#8e24aa", "fillOpacity": 0.85},
        ),
        Symbol(
            "sensitive_site",
            _("Sensitive site (school, hospital, monument)"),
            "circle",
            {"radius": 5, "color": "#0d47a1", "weight": 2, "fillColor": "#bbdefb", **_POINT},
        ),
        Symbol(
            "land_border",
            _("National land border"),
            "line",
            {"color": "#b71c1c", "weight": 3, "dashArray": "8 4"},
        ),
        Symbol(
            "district_boundary",
            _("District boundary"),
            "line",
            {"fill": False, "color": "#1d3557", "weight": 1.6},
        ),
        Symbol(
            "border_bands",
            _("Distance to the border (5 / 10 / 20 km)"),
            "area",
            {
                "fillColor": "#e57373",
                "fillOpacity": 0.18,
                "color": "#c62828",
                "weight": 1,
                "dashArray": "6 4",
            },
        ),
        Symbol("pin_existing", _("Counselling point in service"), "pin"),
        Symbol("pin_planned", _("Planned point (what-if; drag to move)"), "pin"),
        Symbol("pin_candidate", _("Candidate site"), "pin"),
        Symbol("pin_suggested", _("Suggested site"), "pin"),
    )
}


def symbol_style(key: str, **changes) -> dict:
    """The Leaflet style of symbol ``key`` (a copy, with ``changes``)."""
    return {**SYMBOLS[key].style, **changes}


FOLIUM_NAMES = {"fillColor": "fill_color", "fillOpacity": "fill_opacity", "dashArray": "dash_array"}


def folium_options(key: str) -> dict:
    """Symbol ``key``'s style as folium's markers take it (``fill_color``, …)."""
    return {FOLIUM_NAMES.get(name, name): value for name, value in SYMBOLS[key].style.items()}


def symbols_legend(*keys: str) -> list[Symbol]:
    return [SYMBOLS[key] for key in keys]
