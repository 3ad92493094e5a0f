"""Establishments matching a filter, limited to the requesting user's areas: the one
query behind the map, the table, the API and the exports.

Area filters use the spatial index: a drawn polygon with ``ST_CoveredBy`` (a point on
its edge is inside), a radius with ``ST_DWithin`` on geography (metres on the
ellipsoid, served by a GiST index on ``location::geography``), the map extent with a
bounding-box overlap (``&&``, exact for points).
"""

import datetime
import math

from django.contrib.gis.geos import Point
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from geo.areas import Area
from geo.models import AdminUnit, Level
from monitoring.establishments.filters import EstablishmentFilter, FilterError, bbox_polygon
from monitoring.models import Establishment, Inspection, InspectionState

__all__ = ["establishment_counts", "establishment_list", "named_units_q", "unit_by_code"]


def unit_by_code(code: str, level: str, parameter: str) -> AdminUnit:
    """The current unit of ``level`` with ``code``; ``FilterError`` on ``parameter`` if none."""
    unit = AdminUnit.current.filter(code=code, level=level).first()
    if unit is None:
        raise FilterError(parameter, code, _("no current %(level)s has this code.") % {"level": level})
    return unit


def named_units_q(f: EstablishmentFilter, field: str = "commune") -> Q:
    """Rows whose unit ``field`` is one of the communes ``f`` names and lies in its district
    and its province (at any depth, ``geo.areas``); ``field="pk"`` for units themselves."""
    q = Q()
    if f.communes:
        q &= Q(**{f"{field}__in": [unit_by_code(c, Level.COMMUNE, "commune").pk for c in f.communes]})
    if f.district:
        q &= Area.of_units([unit_by_code(f.district, Level.DISTRICT, "district")]).q(field)
    if f.province:
        q &= Area.of_units([unit_by_code(f.province, Level.PROVINCE, "province")]).q(field)
    return q


def _inspection_state():
    """Latest visit's date, result and follow-up date as correlated subqueries: computed
    only for the rows shown (no GROUP BY over every match before paging)."""
    latest = (
        Inspection.objects.filter(establishment=OuterRef("pk"))
        .exclude(state=InspectionState.WITHDRAWN)
        .order_by("-date", "-id")
    )
    return {
        "last_inspected": Subquery(latest.values("date")[:1]),
        "last_result": Subquery(latest.values("result")[:1]),
        "follow_up_due": Subquery(latest.values("follow_up_due")[:1]),
    }


#: Name or address contains the text, accents and case aside (``unaccent`` maps every
#: Vietnamese letter to its base letter, đ to d): "ha noi" finds "Hà Nội".
TEXT_MATCH_SQL = (
    "strpos(lower(unaccent(monitoring_establishment.name || ' ' || monitoring_establishment.address)),"
    " lower(unaccent(%s))) > 0"
)


def establishment_list(
    *,
    filter: EstablishmentFilter,
    scope: Area | None = None,
    today: datetime.date | None = None,
    annotate: bool = True,
) -> QuerySet:
    """Matching establishments, annotated (unless ``annotate=False``) with
    ``last_inspected``, ``last_result`` and ``follow_up_due``. ``scope`` (an ``Area``)
    limits them to a user's areas; ``None`` means every establishment."""
    today = today or timezone.localdate()
    queryset = Establishment.objects.all()
    if scope is not None:
        queryset = queryset.filter(scope.q("commune"))
    f = filter
    queryset = queryset.filter(named_units_q(f))
    if f.polygon is not None:
        queryset = queryset.filter(location__coveredby=f.polygon)
    if f.point is not None:
        lon, lat = f.point
        queryset = queryset.filter(
            location__dwithin=(Point(lon, lat, srid=4326), _degrees_envelope(lat, f.radius_m)),
        ).filter(
            RawSQL(
                "ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)",
                (lon, lat, f.radius_m),
                output_field=BooleanField(),
            )
        )
    if f.bbox is not None:
        # For points, overlapping the extent's box is intersecting the extent (edges
        # included): the index answers it without a per-row ST_Intersects recheck.
        queryset = queryset.filter(location__bboverlaps=bbox_polygon(f.bbox))
    if f.text:
        queryset = queryset.filter(RawSQL(TEXT_MATCH_SQL, (f.text,), output_field=BooleanField()))  # noqa: S611 - the text is a parameter
    if f.types:
        queryset = queryset.filter(type__in=f.types)
    if f.prone is not None:
        queryset = queryset.filter(prone=f.prone)
    if f.status:
        queryset = queryset.filter(status=f.status)
    if f.inspection:
        state = _inspection_state()
        if f.inspection == "never":
            queryset = queryset.filter(~Exists(Inspection.objects.filter(establishment=OuterRef("pk"))))
        elif f.inspection == "before":
            queryset = queryset.alias(_last=state["last_inspected"]).filter(_last__lt=f.before)
        elif f.inspection == "overdue":
            queryset = queryset.alias(_due=state["follow_up_due"]).filter(_due__lt=today)
        elif f.inspection == "violation":
            queryset = queryset.alias(_result=state["last_result"]).filter(_result="violation")
    if annotate:
        queryset = (
            queryset.select_related("commune")
            .defer("commune__geom")  # boundaries are not shown in lists
            .annotate(**_inspection_state())
        )
    return queryset


def _degrees_envelope(lat: float, radius_m: float) -> float:
    """A radius in degrees that surely contains ``radius_m`` around latitude ``lat``
    (index-friendly pre-filter; the geography test decides)."""
    return radius_m / (111_000 * max(math.cos(math.radians(abs(lat) + radius_m / 111_000)), 0.01)) * 1.01


def establishment_counts(*, queryset: QuerySet) -> dict:
    """Counts per type and per commune of a filtered set (pass it with ``annotate=False``).

    Grouped by ``commune_id`` without joining the units; codes are looked up after."""
    base = queryset.order_by().values
    by_commune_id = dict(base("commune_id").annotate(n=Count("id")).values_list("commune_id", "n"))
    codes = dict(AdminUnit.objects.filter(id__in=[i for i in by_commune_id if i]).values_list("id", "code"))
    return {
        "total": sum(by_commune_id.values()),
        "by_type": dict(base("type").annotate(n=Count("id")).values_list("type", "n")),
        "by_commune": {codes.get(i): n for i, n in by_commune_id.items()},
    }
