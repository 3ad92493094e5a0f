"""The national land border, one line per neighbour country (a national fact from
OpenStreetMap, the same for every user). Filters: ``neighbour`` (CHN, LAO, KHM), ``bbox``."""

from django.utils.translation import gettext_lazy as _

from monitoring.layers.base import Field, Layer, Selection, bbox_param, codes_param

__all__ = ["BORDER"]


class BorderLayer(Layer):
    name = "border"
    title = _("Land border")
    description = _("Vietnam's national land border, one line per neighbour (© OpenStreetMap contributors).")
    channels = frozenset({"rest", "ogc", "export"})
    key = "t.neighbour"
    id_property = "neighbour"
    permission = "geo.view_borderline"
    from_sql = "geo_borderline t LEFT JOIN geo_countryoutline o ON o.iso3 = t.neighbour"
    properties = (
        Field("neighbour", "t.neighbour", lookup="neighbour"),
        Field("source", "t.source"),
        Field("neighbour_name", "o.name_vi"),
    )
    geometry = "t.geom"
    geometry_type = "MultiLineString"
    order_by = "t.neighbour"
    filter_keys = ("neighbour", "bbox")
    source = "Vietnam's national land border"
    attribution = "© OpenStreetMap contributors (ODbL 1.0)"

    def select(self, params, *, scope) -> Selection:
        self.check_keys(params)
        selection = Selection(described={k: params[k] for k in params if k in self.filter_keys})
        if neighbours := codes_param(params, "neighbour"):
            selection.add("t.neighbour = ANY(%s)", [n.upper() for n in neighbours])
        if (bbox := bbox_param(params)) is not None:
            selection.add("ST_Intersects(t.geom, ST_MakeEnvelope(%s, %s, %s, %s, 4326))", *bbox)
        return selection


BORDER = BorderLayer()
