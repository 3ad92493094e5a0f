"""The collections the OGC API serves: the layers of ``monitoring.layers`` offered on the
``ogc`` channel. Name, title, description, permission, geometry, feature properties and
queryables all come from the layer; this module adds only the user's rows as an ORM
queryset (area applied), which the items pages filter and page by key."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from geo.areas import Area
from geo.models import AdminUnit, BorderLine, Level
from monitoring.layers import LAYERS, Layer
from monitoring.models import CounsellingPoint, Establishment, TreatmentFacility

__all__ = ["COLLECTIONS", "Collection"]

#: Registry type → the kind of a queryable's parameter (see ``params._filters``).
QUERYABLE_KINDS = {"boolean": "bool", "integer": "int", "number": "float", "date": "date", "string": "str"}


@dataclass(frozen=True)
class Collection:
    """One collection: a layer and the rows of the user's area."""

    layer: Layer
    rows: Callable[[Area], QuerySet]
    geometry: str = "location"  # the model's geometry column
    scoped: bool = True

    @property
    def name(self) -> str:
        return self.layer.name

    @property
    def title(self):
        return self.layer.title

    @property
    def description(self):
        return self.layer.description

    @property
    def permission(self) -> str:
        return self.layer.permission

    @property
    def geometry_type(self) -> str:
        return self.layer.geometry_type

    @property
    def properties(self) -> tuple[str, ...]:
        return tuple(self.layer.property_names("ogc"))

    @property
    def id_property(self) -> str:
        return self.layer.id_property

    def rows_in(self, area: Area) -> QuerySet:
        """The rows ``area`` holds (the border: all), with the layer's ORM annotations,
        which filters and ``sortby`` may name."""
        return self.layer.annotated(self.rows(area if self.scoped else Area.everything()))

    @property
    def filters(self) -> dict[str, tuple[str, str]]:
        """Queryable property → (ORM lookup, parameter kind)."""
        return {name: (f.lookup, QUERYABLE_KINDS[f.type]) for name, f in self.layer.queryables().items()}


def _units(level: str) -> Callable[[Area], QuerySet]:
    def rows(area: Area):
        return AdminUnit.current.filter(area.units_q(), level=level)

    return rows


def _places(model) -> Callable[[Area], QuerySet]:
    def rows(area: Area):
        return model.objects.filter(area.q("commune"))

    return rows


ROWS = {
    "communes": Collection(LAYERS["communes"], _units(Level.COMMUNE), geometry="geom"),
    "districts": Collection(LAYERS["districts"], _units(Level.DISTRICT), geometry="geom"),
    "establishments": Collection(LAYERS["establishments"], _places(Establishment)),
    "counselling-points": Collection(LAYERS["counselling-points"], _places(CounsellingPoint)),
    "treatment-facilities": Collection(LAYERS["treatment-facilities"], _places(TreatmentFacility)),
    "border": Collection(
        LAYERS["border"], lambda area: BorderLine.objects.all(), geometry="geom", scoped=False
    ),
}

COLLECTIONS = {name: ROWS[name] for name, layer in LAYERS.items() if layer.offered("ogc")}
