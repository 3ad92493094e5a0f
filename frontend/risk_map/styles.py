"""Colours and legends for the risk map (pure, no Django models)."""

from dataclasses import dataclass

from monitoring.figures.classify import Breaks
from monitoring.figures.measures import HIGHER_IS_BETTER, HIGHER_IS_WORSE

__all__ = [
    "EMERGING_COLOURS",
    "HOTSPOT_COLOURS",
    "LEGAL_CLASS_COLOURS",
    "NO_DATA_STYLE",
    "PROTECTED_COLOUR",
    "LegendEntry",
    "class_colours",
]

#: ColorBrewer YlOrRd: more is worse.
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
#: ColorBrewer YlGn: more is better (a higher drug-free share is greener).
SEQUENTIAL_GOOD = [
    "#ffffe5",
    "#f7fcb9",
    "#d9f0a3",
    "#addd8e",
    "#78c679",
    "#41ab5d",
    "#238443",
    "#006837",
    "#004529",
]
#: Changes: the better side in blues (not the green of drug-free communes and counselling
#: points), the worse side in reds, light next to zero.
BETTER = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
WORSE = ["#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15"]
#: One class of equal figures, and a change of zero: nothing to alarm about.
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
#: Emerging hot spots: reds for hot, blues for cold, the stronger the more alarming.
EMERGING_COLOURS = {
    "intensifying_hot": "#67001f",
    "persistent_hot": "#b2182b",
    "new_hot": "#d6604d",
    "consecutive_hot": "#e7298a",
    "oscillating_hot": "#f4a582",
    "sporadic_hot": "#fddbc7",
    "diminishing_hot": "#c994c7",
    "historical_hot": "#e7d4e8",
    "no_pattern": "#f7f7f7",
    "new_cold": "#4393c3",
    "consecutive_cold": "#80cdc1",
    "intensifying_cold": "#053061",
    "persistent_cold": "#2166ac",
    "diminishing_cold": "#92c5de",
    "sporadic_cold": "#d1e5f0",
    "oscillating_cold": "#9ecae1",
    "historical_cold": "#c7eae5",
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
    """``n`` distinct colours of ``palette`` (``n <= len(palette)``), ends included;
    one or two classes take the middle of the palette, not its extremes."""
    if n <= 0:
        return []
    if n <= 2:
        palette = palette[2:7]
    if n == 1:
        return [palette[len(palette) // 2]]
    return [palette[round(i * (len(palette) - 1) / (n - 1))] for i in range(n)]


def class_colours(breaks: Breaks, *, direction: str = HIGHER_IS_WORSE) -> list[str]:
    """One colour per class of ``breaks``, following the measure's ``direction``.

    Sequential breaks go light to dark (YlOrRd where more is worse, YlGn where more is
    better); symmetric breaks of a change (``Breaks.diverging``) put zero in
    ``NEUTRAL``, the worse side in reds and the better side in blues, darker
    away from zero; a single class (every figure equal) is ``NEUTRAL``. No two classes
    share a colour.
    """
    n = len(breaks.bounds)
    if n == 1:
        return [NEUTRAL]
    better_up = direction == HIGHER_IS_BETTER
    if not breaks.diverging:
        return _spread(SEQUENTIAL_GOOD if better_up else SEQUENTIAL, n)
    side = len(breaks.magnitudes)
    up, down = (BETTER, WORSE) if better_up else (WORSE, BETTER)
    return [*reversed(_side(down, side)), NEUTRAL, *_side(up, side)]


def _side(palette: list[str], n: int) -> list[str]:
    """``n`` colours from light (next to zero) to dark; one or two keep off the ends."""
    if n <= 2:
        return [palette[2]] if n == 1 else [palette[1], palette[3]]
    return [palette[round(i * (len(palette) - 1) / (n - 1))] for i in range(n)]
