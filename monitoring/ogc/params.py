"""Query parameters of the OGC API items requests, checked: a bad value is a 400 whose
message names the parameter, the value and what to send instead."""

from dataclasses import dataclass

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, Polygon
from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import BadInput
from core.parse import number_parse, numbers_parse
from geo.spatial_ref_sys import srid_ensure
from monitoring.ogc.collections import Collection
from monitoring.ogc.cql2 import FILTER_LANGUAGES, cql2_q
from monitoring.ogc.crs import CRS84, CrsError, parse_crs, projected_range, supported_uris
from monitoring.ogc.values import ParameterError, value_parse

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "ItemsQuery", "ParameterError"]

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
RESERVED = (
    "f",
    "bbox",
    "bbox-crs",
    "crs",
    "limit",
    "offset",
    "matched",
    "sortby",
    "filter",
    "filter-lang",
    "filter-crs",
)


@dataclass(frozen=True)
class ItemsQuery:
    limit: int
    offset: int
    srid: int
    lat_first: bool
    bbox: Polygon | None
    filters: dict
    sortby: tuple[tuple[str, bool], ...] = ()  # (ORM lookup, descending), in order
    where: Q | None = None  # the CQL2 ``filter``


def crs_param(get, name: str) -> tuple[int, bool]:
    try:
        srid, lat_first = parse_crs(get.get(name))
        srid_ensure(srid)
        return srid, lat_first
    except CrsError:
        raise ParameterError(
            name,
            get.get(name),
            _("not offered; use one of %(uris)s.") % {"uris": ", ".join(supported_uris())},
        ) from None


def _limit(get) -> int:
    """The page size; above the maximum, the maximum (OGC API – Features Part 1,
    /rec/core/fc-limit-response-1: a larger ``limit`` is not an error; pygeoapi does the same)."""
    text = get.get("limit")
    try:
        if text not in (None, "") and number_parse(text, parameter="limit", whole=True) > MAX_LIMIT:
            return MAX_LIMIT
    except BadInput:
        pass  # said by _integer
    return _integer(get, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)


def _integer(get, name: str, default: int, low: int, high: int) -> int:
    text = get.get(name)
    if text in (None, ""):
        return default
    try:
        value = number_parse(text, parameter=name, whole=True)
    except BadInput:
        raise ParameterError(name, text, _("not a whole number.")) from None
    if not low <= value <= high:
        raise ParameterError(
            name, text, _("must be between %(low)s and %(high)s.") % {"low": low, "high": f"{high:,}"}
        )
    return value


def _bbox(get) -> Polygon | None:
    text = get.get("bbox")
    if not text:
        return None
    srid, lat_first = crs_param(get, "bbox-crs")
    numbers = list(
        numbers_parse(
            text, parameter="bbox", count=(4, 6), reason=_("write four numbers: minx,miny,maxx,maxy.")
        )
    )
    if len(numbers) == 6:
        numbers = numbers[0:2] + numbers[3:5]
    if lat_first:
        numbers = [numbers[1], numbers[0], numbers[3], numbers[2]]
    minx, miny, maxx, maxy = numbers
    if srid == 4326 and not (
        -180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= 90 and -90 <= maxy <= 90
    ):
        raise ParameterError("bbox", text, _("longitude or latitude out of range."))
    if miny > maxy:
        raise ParameterError("bbox", text, _("the minimum must be below the maximum."))
    if minx > maxx and srid != 4326:
        raise ParameterError("bbox", text, _("the minimum must be below the maximum."))
    if minx > maxx:  # crosses the antimeridian: nothing of Vietnam is there
        minx, maxx = -180.0, 180.0
    if srid != 4326:
        low, high = projected_range(srid)
        if not all(low[0] <= x <= high[0] for x in (minx, maxx)) or not all(
            low[1] <= y <= high[1] for y in (miny, maxy)
        ):
            raise ParameterError(
                "bbox",
                text,
                _("outside the area EPSG:%(srid)s covers: x from %(x0)s to %(x1)s, y from %(y0)s to %(y1)s.")
                % {
                    "srid": srid,
                    "x0": f"{low[0]:,.0f}",
                    "x1": f"{high[0]:,.0f}",
                    "y0": f"{low[1]:,.0f}",
                    "y1": f"{high[1]:,.0f}",
                },
            )
    polygon = Polygon.from_bbox((minx, miny, maxx, maxy))
    polygon.srid = srid
    if srid != 4326:
        try:
            polygon.transform(4326)
        except (GDALException, GEOSException):
            raise ParameterError("bbox", text, _("cannot be converted to longitude/latitude.")) from None
    return polygon


def _filters(get, collection: Collection) -> dict:
    unknown = [name for name in get if name not in RESERVED and name not in collection.filters]
    if unknown:
        allowed = ", ".join([*RESERVED, *collection.filters])
        raise ParameterError(
            unknown[0], get.get(unknown[0]), _("unknown parameter; use %(names)s.") % {"names": allowed}
        )
    lookups = {}
    for name, (lookup, kind) in collection.filters.items():
        text = get.get(name)
        if text in (None, ""):
            continue
        lookups[lookup] = value_parse(name, text, kind)
    return lookups


def _sortby(get, collection: Collection) -> tuple[tuple[str, bool], ...]:
    """``sortby=name,-last_inspected`` (Part 8 / pygeoapi): queryables, ``-`` descending,
    ``+`` or nothing ascending."""
    text = get.get("sortby")
    if not text:
        return ()
    keys = []
    for item in text.split(","):
        item = item.strip()
        descending = item.startswith("-")
        name = item.lstrip("+-").strip()
        if name not in collection.filters:
            raise ParameterError(
                "sortby",
                text,
                _("there is no property “%(name)s” to sort by; use %(names)s.")
                % {"name": name, "names": ", ".join(collection.filters)},
            )
        keys.append((collection.filters[name][0], descending))
    return tuple(keys)


def _filter(get, collection: Collection) -> Q | None:
    text = get.get("filter")
    language = get.get("filter-lang") or "cql2-text"
    if language not in FILTER_LANGUAGES:
        raise ParameterError("filter-lang", language, _("use cql2-text or cql2-json."))
    if get.get("filter-crs") not in (None, "", CRS84):
        raise ParameterError(
            "filter-crs", get.get("filter-crs"), _("filters are in %(crs)s only.") % {"crs": CRS84}
        )
    if not text:
        return None
    return cql2_q(text, language, collection)


def items_query(get, collection: Collection) -> ItemsQuery:
    srid, lat_first = crs_param(get, "crs")
    return ItemsQuery(
        limit=_limit(get),
        offset=_integer(get, "offset", 0, 0, 2**31 - 1),
        srid=srid,
        lat_first=lat_first,
        bbox=_bbox(get),
        filters=_filters(get, collection),
        sortby=_sortby(get, collection),
        where=_filter(get, collection),
    )
