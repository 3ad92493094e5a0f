"""Area filters of the API, the same parameters as the maps: unit code (``commune``,
``district``, ``province``), ``bbox=minlon,minlat,maxlon,maxlat``, ``polygon`` (WKT or
GeoJSON, lon/lat) and a distance on the ellipsoid (``point=lon,lat`` or ``lon`` and
``lat``, with ``radius`` in metres).

Parsing is ``EstablishmentFilter.parse`` (one parser, one set of messages); establishments
go through ``establishment_list`` itself, so the API returns the page's rows. Other places
and units are filtered here with the same spatial predicates.
"""

from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from geo.areas import Area
from geo.models import Level
from monitoring.establishments.filters import EstablishmentFilter, FilterError, bbox_polygon
from monitoring.establishments.selectors import named_units_q, unit_by_code

__all__ = [
    "AREA_PARAMETERS",
    "area_filter_parse",
    "establishment_filter_parse",
    "places_in_area",
    "sites_in_area",
    "units_in_area",
]

AREA_PARAMETERS = ("commune", "district", "province", "bbox", "polygon", "point", "radius")


def with_point(get) -> dict | object:
    """``lon`` and ``lat`` as the page's ``point=lon,lat`` (either spelling works)."""
    lon, lat = get.get("lon"), get.get("lat")
    if lon is None and lat is None:
        return get
    if lon is None or lat is None or get.get("point"):
        raise FilterError("lon/lat", f"{lon},{lat}", _("give both lon and lat, or point=lon,lat."))
    merged = get.copy() if hasattr(get, "copy") else dict(get)
    merged["point"] = f"{lon},{lat}"
    return merged


def area_filter_parse(get) -> EstablishmentFilter:
    """Only the area parameters of ``get`` (other names mean other things elsewhere)."""
    get = with_point(get)
    area = {name: get.get(name) for name in AREA_PARAMETERS if get.get(name) not in (None, "")}
    if hasattr(get, "getlist") and get.getlist("commune"):
        area["commune"] = ",".join(get.getlist("commune"))
    return EstablishmentFilter.parse(area)


def establishment_filter_parse(get) -> EstablishmentFilter:
    """Every establishment filter parameter, with ``lon``/``lat`` accepted for ``point``."""
    return EstablishmentFilter.parse(with_point(get))


def _distance(column: str, f: EstablishmentFilter) -> RawSQL:
    lon, lat = f.point
    return RawSQL(  # noqa: S611 - a column name of the model, values as parameters
        f"ST_DWithin({column}::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)",
        (lon, lat, f.radius_m),
        output_field=BooleanField(),
    )


def places_in_area(queryset: QuerySet, f: EstablishmentFilter) -> QuerySet:
    """Places (``location``, ``commune``) inside the area ``f`` names."""
    queryset = queryset.filter(named_units_q(f, "commune"))
    if f.polygon is not None:
        queryset = queryset.filter(location__coveredby=f.polygon)
    if f.point is not None:
        table = queryset.model._meta.db_table
        queryset = queryset.filter(_distance(f'"{table}"."location"', f))
    if f.bbox is not None:
        queryset = queryset.filter(location__intersects=bbox_polygon(f.bbox))
    return queryset


def units_in_area(queryset: QuerySet, f: EstablishmentFilter) -> QuerySet:
    """Units that are, or lie under, the named units, and whose boundary meets the
    polygon, the circle or the box."""
    queryset = queryset.filter(named_units_q(f, "pk"))
    if f.polygon is not None:
        queryset = queryset.filter(geom__intersects=f.polygon)
    if f.point is not None:
        queryset = queryset.filter(_distance('"geo_adminunit"."geom"', f))
    if f.bbox is not None:
        queryset = queryset.filter(geom__intersects=bbox_polygon(f.bbox))
    return queryset


def sites_in_area(queryset: QuerySet, f: EstablishmentFilter) -> QuerySet:
    """Points with no commune column (sensitive sites): unit codes by the unit's boundary."""
    for codes, level, parameter in (
        (f.communes, Level.COMMUNE, "commune"),
        ((f.district,) if f.district else (), Level.DISTRICT, "district"),
        ((f.province,) if f.province else (), Level.PROVINCE, "province"),
    ):
        if codes:
            queryset = queryset.filter(
                Area.of_units(unit_by_code(code, level, parameter) for code in codes).points_q()
            )
    if f.polygon is not None:
        queryset = queryset.filter(location__coveredby=f.polygon)
    if f.point is not None:
        table = queryset.model._meta.db_table
        queryset = queryset.filter(_distance(f'"{table}"."location"', f))
    if f.bbox is not None:
        queryset = queryset.filter(location__intersects=bbox_polygon(f.bbox))
    return queryset
