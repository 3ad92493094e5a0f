"""The layer registry: every layer the exports (and later the REST and OGC APIs) serve,
by its URL/command-line name.

    >>> from monitoring.layers import layer_get
    >>> layer_get("communes").property_names()[:3]
    ['code', 'name', 'level']
"""

from django.utils.translation import gettext as _

from core.errors import NotFound
from monitoring.layers.base import Field, Layer, Selection
from monitoring.layers.border import BORDER
from monitoring.layers.case_counts import CASE_COUNTS
from monitoring.layers.places import COUNSELLING_POINTS, ESTABLISHMENTS, SENSITIVE_SITES, TREATMENT_FACILITIES
from monitoring.layers.units import COMMUNES, DISTRICTS, PROVINCES

__all__ = ["LAYERS", "Field", "Layer", "LayerNotFound", "Selection", "layer_get"]

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
