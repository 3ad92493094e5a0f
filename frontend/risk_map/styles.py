"""Colours and legends for the risk map (pure, no Django models)."""

from dataclasses import dataclass

from monitoring.figures.classify import Breaks

__all__ = [
    "HOTSPOT_COLOURS",
    "LEGAL_CLASS_COLOURS",
    "NO_DATA_STYLE",
    "PROTECTED_COLOUR",
    "LegendEntry",
    "class_colours",
]

SEQUENTIAL = [
    "#ffffcc",
    "#ffeda0",
    "#fed976",
    "#feb24c",
    "#fd8d3c",
    "#fc4e2a",
    "#e31a1c",
    "#bd0026",
    "#800026",
]
BLUES = ["#08519c", "#3182bd", "#6baed6", "#9ecae1", "#c6dbef"]
REDS = ["#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15"]
NEUTRAL = "#f7f7f7"
LEGAL_CLASS_COLOURS = {
    "type_1": "#d7301f",
    "type_2": "#fc8d59",
    "type_3": "#fdd49e",
    "none": "#deebf7",
    "drug_free": "#1a9850",
}
#: Gi* hot (reds) and cold (blues) spots by confidence, as ArcGIS's Hot Spot Analysis.
HOTSPOT_COLOURS = {
    "hot_99": "#d7191c",
    "hot_95": "#f46d43",
    "hot_90": "#fdae61",
    "not_significant": "#f7f7f7",
    "cold_90": "#abd9e9",
    "cold_95": "#74add1",
    "cold_99": "#2c7bb6",
    "island": "#e0d8b0",
}
NO_DATA_STYLE = {"fillColor": "#bdbdbd", "fillOpacity": 0.35, "dashArray": "4 3"}
#: A figure hidden by small-count protection ("<5", "x"; ``monitoring.disclosure``).
PROTECTED_COLOUR = "#cbc3e3"


@dataclass(frozen=True)
class LegendEntry:
    key: str
    label: str
    colour: str
    count: int


def _spread(palette: list[str], n: int) -> list[str]:
    if n <= 0:
        return []
    if n == 1:
        return [palette[len(palette) // 2]]
    return [palette[round(i * (len(palette) - 1) / (n - 1))] for i in range(n)]


def class_colours(breaks: Breaks, *, diverging: bool) -> list[str]:
    """One colour per class: light to dark; for changes, blue below zero, red above."""
    n = len(breaks.bounds)
    if not diverging:
        return _spread(SEQUENTIAL[1:], n) if n > 2 else _spread(SEQUENTIAL[2:7], n)
    intervals = breaks.intervals()
    negative = [i for i, (low, high) in enumerate(intervals) if high < 0]
    positive = [i for i, (low, high) in enumerate(intervals) if low is not None and low > 0]
    colours = [NEUTRAL] * n
    for i, colour in zip(negative, _spread(BLUES, len(negative)) if negative else [], strict=False):
        colours[i] = colour
    for i, colour in zip(positive, _spread(REDS, len(positive)) if positive else [], strict=False):
        colours[i] = colour
    return colours
