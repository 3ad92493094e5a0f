"""The establishment filter: parse and validate what the inspector asked for (area,
type, prone flag, status, inspection state) into ``EstablishmentFilter``.

Bad input never becomes a server error: it raises ``FilterError`` whose message says
which parameter was wrong, its value and how to fix it.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, Polygon
from django.utils.translation import gettext as _

from core.errors import BadInput
from core.parse import BadParameter, number_parse, numbers_parse, text_parse
from monitoring.models import EstablishmentStatus, EstablishmentType

__all__ = [
    "INSPECTION_STATES",
    "MAX_POLYGON_KM2",
    "MAX_RADIUS_M",
    "EstablishmentFilter",
    "FilterError",
    "bbox_parse",
]

MAX_RADIUS_M = 100_000
MAX_TEXT = 100  # characters of a name or address searched for
MAX_POLYGON_KM2 = 50_000
INSPECTION_STATES = ("never", "before", "overdue", "violation")


class FilterError(BadParameter):
    """A filter parameter that cannot be used; ``http_status`` for the API."""


@dataclass(frozen=True)
class EstablishmentFilter:
    communes: tuple[str, ...] = ()
    district: str | None = None
    province: str | None = None
    polygon: GEOSGeometry | None = field(default=None, compare=False)
    point: tuple[float, float] | None = None  # lon, lat
    radius_m: float | None = None
    bbox: tuple[float, float, float, float] | None = None  # minlon, minlat, maxlon, maxlat
    types: tuple[str, ...] = ()
    prone: bool | None = None
    status: str | None = None
    inspection: str | None = None
    before: datetime.date | None = None
    text: str = ""  # in the name or the address, accents and case aside

    @classmethod
    def parse(cls, get) -> "EstablishmentFilter":
        """Read query parameters (a QueryDict or a dict of strings)."""

        def values(name: str) -> tuple[str, ...]:
            raw = get.getlist(name) if hasattr(get, "getlist") else [get.get(name, "")]
            return tuple(v.strip() for item in raw for v in str(item).split(",") if v.strip())

        types = values("type")
        for value in types:
            if value not in EstablishmentType.values:
                raise FilterError(
                    "type",
                    value,
                    _("use one of %(choices)s.") % {"choices": ", ".join(EstablishmentType.values)},
                )
        status = get.get("status") or None
        if status and status not in EstablishmentStatus.values:
            raise FilterError("status", status, _("use active or closed."))
        prone = {"": None, None: None, "1": True, "true": True, "0": False, "false": False}.get(
            get.get("prone"), "bad"
        )
        if prone == "bad":
            raise FilterError("prone", get.get("prone"), _("use true or false."))
        return cls(
            communes=values("commune"),
            district=get.get("district") or None,
            province=get.get("province") or None,
            polygon=_polygon(get.get("polygon")),
            point=_point(get.get("point")),
            radius_m=_radius(get.get("radius"), needs=bool(get.get("point"))),
            bbox=bbox_parse(get.get("bbox")),
            types=types,
            prone=prone,
            status=status,
            inspection=_inspection(get.get("inspection")),
            before=_date(get.get("before"), needed=get.get("inspection") == "before"),
            text=text_parse(get.get("q"), parameter="q", max_length=MAX_TEXT),
        )


def _polygon(text: str | None) -> GEOSGeometry | None:
    if not text:
        return None
    text = text_parse(text, parameter="polygon", multiline=True)
    try:
        geom = GEOSGeometry(text)
    except (GEOSException, GDALException, ValueError, TypeError):
        raise FilterError(
            "polygon", text, _("not a polygon: send GeoJSON or WKT in longitude/latitude.")
        ) from None
    if geom.srid is None:
        geom.srid = 4326
    if geom.srid != 4326:
        try:
            geom.transform(4326)
        except (GEOSException, GDALException):
            raise FilterError(
                "polygon",
                text,
                _("SRID=%(srid)s is not a coordinate system known here: send longitude/latitude (EPSG:4326).")
                % {"srid": geom.srid},
            ) from None
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise FilterError(
            "polygon", text, _("a %(type)s is not an area: draw a polygon.") % {"type": geom.geom_type}
        )
    if not geom.valid:
        raise FilterError("polygon", text, _("the polygon crosses itself: redraw it without crossing lines."))
    area_km2 = geom.transform(3405, clone=True).area / 1e6
    if area_km2 > MAX_POLYGON_KM2:
        raise FilterError(
            "polygon",
            text,
            _("%(area)s km² is larger than %(max)s km²: draw a smaller area.")
            % {"area": f"{area_km2:,.0f}", "max": f"{MAX_POLYGON_KM2:,}"},
        )
    return geom


def _point(text: str | None) -> tuple[float, float] | None:
    if not text:
        return None
    lon, lat = numbers_parse(
        text, parameter="point", count=2, reason=_("write longitude,latitude, e.g. 108.2,15.9.")
    )
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise FilterError("point", text, _("longitude or latitude out of range."))
    return lon, lat


def _radius(text: str | None, *, needs: bool) -> float | None:
    if not text:
        if needs:
            raise FilterError("radius", "", _("a point needs a radius in metres."))
        return None
    reason = _("must be more than 0 and at most %(max)s m.") % {"max": f"{MAX_RADIUS_M:,}"}
    try:
        radius = number_parse(text, parameter="radius", low=0, high=MAX_RADIUS_M)
    except BadInput:
        radius = 0
    if radius == 0:
        raise FilterError("radius", text, reason)
    return radius


def bbox_parse(text: str | None) -> tuple[float, float, float, float] | None:
    """``minlon,minlat,maxlon,maxlat`` (WGS 84) as four floats; ``FilterError`` if not."""
    if not text:
        return None
    minlon, minlat, maxlon, maxlat = numbers_parse(
        text, parameter="bbox", count=4, reason=_("write minlon,minlat,maxlon,maxlat.")
    )
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180 and -90 <= minlat <= 90 and -90 <= maxlat <= 90):
        raise FilterError("bbox", text, _("longitude or latitude out of range."))
    if not (minlon < maxlon and minlat < maxlat):
        raise FilterError("bbox", text, _("the minimum must be below the maximum."))
    return minlon, minlat, maxlon, maxlat


def _inspection(text: str | None) -> str | None:
    if not text:
        return None
    if text not in INSPECTION_STATES:
        raise FilterError(
            "inspection", text, _("use one of %(choices)s.") % {"choices": ", ".join(INSPECTION_STATES)}
        )
    return text


def _date(text: str | None, *, needed: bool) -> datetime.date | None:
    if not text:
        if needed:
            raise FilterError("before", "", _("“last inspected before” needs a date (YYYY-MM-DD)."))
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise FilterError("before", text, _("write the date as YYYY-MM-DD.")) from None


def bbox_polygon(bbox: tuple[float, float, float, float]) -> Polygon:
    polygon = Polygon.from_bbox(bbox)
    polygon.srid = 4326
    return polygon
