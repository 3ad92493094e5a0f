"""The layer registry: every layer the server offers, declared once, by its
URL/command-line name. Map pages, page exports, the REST API, the OGC API, the vector
tiles and the export files all read their fields from here (see docs/architecture.md,
"Layers").

    >>> from monitoring.layers import layer_get
    >>> layer_get("communes").property_names()[:3]
    ['code', 'name', 'level']
"""

from django.utils.translation import gettext as _

from core.errors import NotFound
from monitoring.layers.base import CHANNELS, Field, Layer, Selection
from monitoring.layers.border import BORDER
from monitoring.layers.case_counts import CASE_COUNTS
from monitoring.layers.places import COUNSELLING_POINTS, ESTABLISHMENTS, SENSITIVE_SITES, TREATMENT_FACILITIES
from monitoring.layers.units import COMMUNES, DISTRICTS, PROVINCES

__all__ = [
    "BORDER",
    "CASE_COUNTS",
    "CHANNELS",
    "COMMUNES",
    "COUNSELLING_POINTS",
    "DISTRICTS",
    "ESTABLISHMENTS",
    "LAYERS",
    "PROVINCES",
    "SENSITIVE_SITES",
    "TREATMENT_FACILITIES",
    "Field",
    "Layer",
    "LayerNotFound",
    "Selection",
    "layer_get",
]

LAYERS: dict[str, Layer] = {
    layer.name: layer
    for layer in (
        COMMUNES,
        DISTRICTS,
        PROVINCES,
        ESTABLISHMENTS,
        COUNSELLING_POINTS,
        TREATMENT_FACILITIES,
        BORDER,
        SENSITIVE_SITES,
        CASE_COUNTS,
    )
}


class LayerNotFound(NotFound):
    """No layer of that name (404)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            _("There is no layer “%(name)s”; use one of %(names)s.")
            % {"name": name, "names": ", ".join(LAYERS)}
        )


def layer_get(name: str) -> Layer:
    try:
        return LAYERS[name]
    except KeyError:
        raise LayerNotFound(name) from None
