"""Which of a pair of stored names (Vietnamese, English) a person reads now.

Names typed by administrators (indicators, data-quality rules, countries) are stored in both
languages rather than in the .po files; this is the one rule that picks between them, so
every page, legend, export header and message shows the same one. Vietnamese is the default
and the fallback when the English name is empty.

>>> from django.utils import translation
>>> with translation.override("en"):
...     in_language("Người nghiện", "Addicts")
'Addicts'
>>> with translation.override("vi"):
...     in_language("Người nghiện", "Addicts")
'Người nghiện'
"""

from django.utils.translation import get_language

__all__ = ["in_language", "is_english", "unit_in_language"]

# The units of measure the catalogue uses (Indicator.unit_label is stored in Vietnamese).
UNITS_EN = {"người": "people", "cây": "plants", "m²": "m²", "điểm": "hotspots", "vụ": "cases", "ha": "ha"}


def is_english() -> bool:
    return (get_language() or "").startswith("en")


def in_language(vi: str, en: str) -> str:
    """``en`` in an English session when it is not empty, else ``vi``."""
    return en if en and is_english() else vi


def unit_in_language(unit: str) -> str:
    """A stored (Vietnamese) unit of measure in the active language; an unknown unit as is."""
    return UNITS_EN.get(unit, unit) if is_english() else unit
