"""The categories a hot-spot analysis gives a commune, in legend order, with their
labels: Gi* hot and cold spots by confidence level, Local Moran's quadrants, and the
communes that were not tested (island, no data)."""

from django.utils.translation import gettext_lazy as _

from monitoring.figures.hotspots.emerging import KINDS

__all__ = ["EMERGING_CATEGORIES", "GI_CATEGORIES", "LABELS", "LISA_CATEGORIES"]

GI_CATEGORIES = ("hot_99", "hot_95", "hot_90", "not_significant", "cold_90", "cold_95", "cold_99", "island")
LISA_CATEGORIES = ("HH", "HL", "LH", "LL", "not_significant", "island")
EMERGING_CATEGORIES = (
    *(f"{kind}_hot" for kind in KINDS),
    "no_pattern",
    *(f"{kind}_cold" for kind in KINDS),
    "island",
)

LABELS = {
    # xgettext:no-python-format
    "hot_99": _("Hot spot, 99 % confidence"),
    # xgettext:no-python-format
    "hot_95": _("Hot spot, 95 % confidence"),
    # xgettext:no-python-format
    "hot_90": _("Hot spot, 90 % confidence"),
    # xgettext:no-python-format
    "cold_99": _("Cold spot, 99 % confidence"),
    # xgettext:no-python-format
    "cold_95": _("Cold spot, 95 % confidence"),
    # xgettext:no-python-format
    "cold_90": _("Cold spot, 90 % confidence"),
    "not_significant": _("Not significant"),
    "island": _("No neighbour with figures (not tested)"),
    "HH": _("High among high (cluster)"),
    "LL": _("Low among low (cluster)"),
    "HL": _("High among low (outlier)"),
    "LH": _("Low among high (outlier)"),
    "no_data": _("No data"),
    "new_hot": _("New hot spot"),
    "consecutive_hot": _("Consecutive hot spot"),
    "intensifying_hot": _("Intensifying hot spot"),
    "persistent_hot": _("Persistent hot spot"),
    "diminishing_hot": _("Diminishing hot spot"),
    "sporadic_hot": _("Sporadic hot spot"),
    "oscillating_hot": _("Oscillating hot spot"),
    "historical_hot": _("Historical hot spot"),
    "new_cold": _("New cold spot"),
    "consecutive_cold": _("Consecutive cold spot"),
    "intensifying_cold": _("Intensifying cold spot"),
    "persistent_cold": _("Persistent cold spot"),
    "diminishing_cold": _("Diminishing cold spot"),
    "sporadic_cold": _("Sporadic cold spot"),
    "oscillating_cold": _("Oscillating cold spot"),
    "historical_cold": _("Historical cold spot"),
    "no_pattern": _("No pattern"),
}
