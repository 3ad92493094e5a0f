"""Layers of current administrative units: communes, districts, provinces.

Filters: ``code`` (one or more unit codes), ``parent_code`` (the children of a unit),
``bbox`` (minlon,minlat,maxlon,maxlat). A user sees the units of their areas and every
unit under them.
"""

from django.utils.translation import gettext_lazy as _

from geo.models import Level
from monitoring.layers.base import Field, Layer, Selection, bbox_param, codes_param

__all__ = ["COMMUNES", "DISTRICTS", "PROVINCES", "UnitLayer"]

BOUNDARY_ATTRIBUTION = "Boundaries of the demo province: © OpenStreetMap contributors (ODbL 1.0)"

# Tiles leave out what the maps never draw, to stay small.
UNIT_PROPERTIES = (
    Field("code", "t.code", lookup="code"),
    Field("name", "t.name", lookup="name"),
    Field("level", "t.level"),
    Field("parent_code", "p.code", lookup="parent__code"),
    Field("population", "t.population", "integer", lookup="population"),
    Field("area_m2", "round(t.area_m2)::bigint", "integer"),
    Field("is_border", "t.is_border", "boolean", lookup="is_border"),
    Field("border_distance_m", "round(t.border_distance_m)::bigint", "integer"),
    Field("kind", "NULLIF(t.kind, '')", lookup="kind", omit=frozenset({"tile"})),
    Field("valid_from", "t.valid_from", "date", lookup="valid_from", omit=frozenset({"tile"})),
    Field("valid_to", "t.valid_to", "date", omit=frozenset({"tile"})),
)


class UnitLayer(Layer):
    permission = "geo.view_adminunit"
    from_sql = "geo_adminunit t LEFT JOIN geo_adminunit p ON p.id = t.parent_id"
    properties = UNIT_PROPERTIES
    geometry = "t.geom"
    geometry_type = "MultiPolygon"
    # A unit is known by its official code (unique in the current version), not by a row id
    # of this database: an exported layer imported elsewhere keeps its feature ids.
    key = "t.code"
    id_property = "code"
    order_by = "t.code"
    filter_keys = ("code", "parent_code", "bbox")
    data_date_sql = "max(t.valid_from)"
    source = "Administrative units, current boundary version"
    attribution = BOUNDARY_ATTRIBUTION

    def __init__(self, name: str, level: str, title, *, description, channels: set[str]) -> None:
        self.name, self.level, self.title, self.description = name, level, title, description
        self.channels = frozenset(channels)

    def select(self, params, *, scope) -> Selection:
        self.check_keys(params)
        selection = Selection(described={k: params[k] for k in params if k in self.filter_keys})
        selection.add("t.valid_to IS NULL AND t.level = %s", self.level)
        condition, area_params = scope.sql("t.id")
        selection.add(condition, *area_params)
        if codes := codes_param(params, "code"):
            selection.add("t.code = ANY(%s)", codes)
        if parents := codes_param(params, "parent_code"):
            selection.add("p.code = ANY(%s)", parents)
        if (bbox := bbox_param(params)) is not None:
            selection.add("ST_Intersects(t.geom, ST_MakeEnvelope(%s, %s, %s, %s, 4326))", *bbox)
        return selection


COMMUNES = UnitLayer(
    "communes",
    Level.COMMUNE,
    _("Communes"),
    description=_("Current communes (xã, phường, thị trấn) with population and border facts."),
    channels={"page_export", "rest", "ogc", "tile", "export"},
)
DISTRICTS = UnitLayer(
    "districts",
    Level.DISTRICT,
    _("Districts"),
    description=_("Current districts with population and border facts."),
    channels={"page_export", "rest", "ogc", "export"},
)
PROVINCES = UnitLayer(
    "provinces",
    Level.PROVINCE,
    _("Provinces"),
    description=_("Current provinces with population and border facts."),
    channels={"rest", "export"},
)
