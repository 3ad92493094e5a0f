"""Layers of places: service establishments, counselling points, treatment facilities
and sensitive sites.

Establishments take the inspectors' page filter (``EstablishmentFilter``: commune,
district, province, polygon, point + radius, bbox, type, prone, status, inspection,
before) through ``establishment_list``, so an export of a filtered view holds exactly
the page's rows. Places with a commune are limited to the user's areas by their commune;
sensitive sites (no commune) by their location inside the areas' boundaries.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from monitoring.establishments.filters import EstablishmentFilter
from monitoring.establishments.selectors import establishment_list
from monitoring.layers.base import Field, Layer, Selection, bbox_param, codes_param
from monitoring.models import CounsellingPoint, Inspection, InspectionState, TreatmentFacility

__all__ = ["COUNSELLING_POINTS", "ESTABLISHMENTS", "SENSITIVE_SITES", "TREATMENT_FACILITIES"]

PLACES_SOURCE = "Places recorded by the provincial services"
PLACES_ATTRIBUTION = "Provincial monitoring database"
TILE_OMITS = frozenset({"tile"})  # tiles carry what a marker's tooltip shows


def _in_queryset(selection: Selection, queryset) -> None:
    """Rows whose id the ORM ``queryset`` selects (its SQL as a subquery)."""
    try:
        sql, params = queryset.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:  # e.g. an account with no area
        selection.add("FALSE")
        return
    selection.add_keys("t.id", sql, params)


def _latest_inspection(column: str):
    """The ``li`` of the establishments' SQL for the ORM: the latest visit's ``column``."""

    def make():
        latest = (
            Inspection.objects.filter(establishment=OuterRef("pk"))
            .exclude(state=InspectionState.WITHDRAWN)
            .order_by("-date", "-id")
        )
        return Subquery(latest.values(column)[:1])

    return make


def _described(params, keys) -> dict:
    return {k: params[k] for k in params if k in keys}


class PlaceLayer(Layer):
    """A place with a ``commune`` (alias ``c``) limited to the user's areas by its commune."""

    model = None
    geometry = "t.location"
    geometry_type = "Point"
    source = PLACES_SOURCE
    attribution = PLACES_ATTRIBUTION
    choice_filters: tuple[str, ...] = ()

    def select(self, params, *, scope) -> Selection:
        self.check_keys(params)
        selection = Selection(described=_described(params, self.filter_keys))
        condition, area_params = scope.sql("t.commune_id")
        selection.add(condition, *area_params)
        if communes := codes_param(params, "commune"):
            selection.add("c.code = ANY(%s)", communes)
        for key in self.choice_filters:
            if values := codes_param(params, key):
                selection.add(f"t.{key} = ANY(%s)", values)
        if (bbox := bbox_param(params)) is not None:
            selection.add("t.location && ST_MakeEnvelope(%s, %s, %s, %s, 4326)", *bbox)
        return selection


class EstablishmentLayer(Layer):
    name = "establishments"
    title = _("Service establishments")
    description = _("Service establishments prone to social evils, with their latest inspection.")
    channels = frozenset({"page", "page_export", "rest", "ogc", "tile", "export"})
    # A province holds tens of thousands: below zoom 10 a tile would weigh megabytes (the
    # maps cluster them from the establishment filter instead).
    tile_min_zoom = 10
    permission = "monitoring.view_establishment"
    from_sql = (
        "monitoring_establishment t LEFT JOIN geo_adminunit c ON c.id = t.commune_id"
        " LEFT JOIN LATERAL (SELECT i.date, i.result, i.follow_up_due FROM monitoring_inspection i"
        " WHERE i.establishment_id = t.id AND i.state <> 'withdrawn'"
        " ORDER BY i.date DESC, i.id DESC LIMIT 1) li ON TRUE"
    )
    properties = (
        Field("id", "t.id", "integer", lookup="id"),
        Field("name", "t.name", lookup="name"),
        Field("type", "t.type", lookup="type"),
        Field("commune_code", "c.code", lookup="commune__code"),
        Field("prone", "t.prone", "boolean", lookup="prone"),
        Field("status", "t.status", lookup="status"),
        Field("last_inspected", "li.date", "date", lookup="last_inspected"),
        Field("address", "t.address", omit=TILE_OMITS),
        Field("licence_number", "t.licence_number", omit=TILE_OMITS),
        Field("last_result", "li.result", omit=TILE_OMITS),
        Field("follow_up_due", "li.follow_up_due", "date", omit=TILE_OMITS),
    )
    geometry = "t.location"
    geometry_type = "Point"
    filter_keys = (
        "commune",
        "district",
        "province",
        "polygon",
        "point",
        "radius",
        "bbox",
        "type",
        "prone",
        "status",
        "inspection",
        "before",
        "q",
    )
    orm_annotations = {"last_inspected": _latest_inspection("date")}
    data_date_sql = "max(li.date)"
    source = PLACES_SOURCE
    attribution = PLACES_ATTRIBUTION

    def select(self, params, *, scope) -> Selection:
        self.check_keys(params)
        selection = Selection(described=_described(params, self.filter_keys))
        f = EstablishmentFilter.parse(params)
        if not scope.is_everything or f != EstablishmentFilter() or f.polygon is not None:
            _in_queryset(selection, establishment_list(filter=f, scope=scope, annotate=False))
        return selection


class CounsellingPointLayer(PlaceLayer):
    name = "counselling-points"
    title = _("Counselling points")
    description = _("Community counselling points for drug treatment.")
    channels = frozenset({"rest", "ogc", "export"})
    permission = "monitoring.view_counsellingpoint"
    model = CounsellingPoint
    from_sql = "monitoring_counsellingpoint t LEFT JOIN geo_adminunit c ON c.id = t.commune_id"
    properties = (
        Field("id", "t.id", "integer", lookup="id"),
        Field("name", "t.name", lookup="name"),
        Field("status", "t.status", lookup="status"),
        Field("commune_code", "c.code", lookup="commune__code"),
        Field("opened_on", "t.opened_on", "date", lookup="opened_on"),
        Field("staff", "t.staff", "integer", lookup="staff"),
    )
    filter_keys = ("commune", "status", "bbox")
    choice_filters = ("status",)
    data_date_sql = "max(t.opened_on)"


class TreatmentFacilityLayer(PlaceLayer):
    name = "treatment-facilities"
    title = _("Treatment facilities")
    description = _("Rehab centres and methadone clinics.")
    channels = frozenset({"rest", "ogc", "export"})
    permission = "monitoring.view_treatmentfacility"
    model = TreatmentFacility
    from_sql = "monitoring_treatmentfacility t LEFT JOIN geo_adminunit c ON c.id = t.commune_id"
    properties = (
        Field("id", "t.id", "integer", lookup="id"),
        Field("name", "t.name", lookup="name"),
        Field("kind", "t.kind", lookup="kind"),
        Field("commune_code", "c.code", lookup="commune__code"),
        Field("capacity", "t.capacity", "integer", lookup="capacity"),
    )
    filter_keys = ("commune", "kind", "bbox")
    choice_filters = ("kind",)


class SensitiveSiteLayer(Layer):
    name = "sensitive-sites"
    title = _("Sensitive sites")
    description = _("Schools, hospitals, religious and heritage sites.")
    channels = frozenset({"page", "rest", "export"})
    permission = "monitoring.view_sensitivesite"
    from_sql = "monitoring_sensitivesite t"
    properties = (
        Field("id", "t.id", "integer"),
        Field("name", "t.name"),
        Field("kind", "t.kind"),
        Field("address", "t.address"),
        Field(
            "commune_code",
            "(SELECT u.code FROM geo_adminunit u WHERE u.id = geo_commune_at(t.location))",
            omit=frozenset({"page"}),  # the map's tooltip needs no commune (a lookup per site)
        ),
    )
    geometry = "t.location"
    geometry_type = "Point"
    filter_keys = ("kind", "bbox")
    source = "Schools, hospitals, religious and heritage sites imported by the province"
    attribution = PLACES_ATTRIBUTION

    def select(self, params, *, scope) -> Selection:
        self.check_keys(params)
        selection = Selection(described=_described(params, self.filter_keys))
        condition, area_params = scope.points_sql("t.location")
        selection.add(condition, *area_params)
        if kinds := codes_param(params, "kind"):
            selection.add("t.kind = ANY(%s)", kinds)
        if (bbox := bbox_param(params)) is not None:
            selection.add("t.location && ST_MakeEnvelope(%s, %s, %s, %s, 4326)", *bbox)
        return selection


ESTABLISHMENTS = EstablishmentLayer()
COUNSELLING_POINTS = CounsellingPointLayer()
TREATMENT_FACILITIES = TreatmentFacilityLayer()
SENSITIVE_SITES = SensitiveSiteLayer()
