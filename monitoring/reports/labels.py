"""An indicator's name and unit in the active language (the catalogue holds both names
and the Vietnamese unit)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

__all__ = ["indicator_name", "indicator_unit"]


def _english() -> bool:
    return (get_language() or "").startswith("en")


def indicator_name(indicator) -> str:
    return indicator.name_en if _english() and indicator.name_en else indicator.name_vi


def indicator_unit(indicator) -> str:
    """``người`` in Vietnamese, ``people`` in English."""
    if not _english():
        return indicator.unit_label
    return {"người": _("people"), "điểm": _("places"), "cây": _("plants")}.get(
        indicator.unit_label, indicator.unit_label
    )
