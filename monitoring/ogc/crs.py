"""Coordinate reference systems offered by the OGC API (Part 2): CRS84 (the default,
lon/lat), EPSG:4326 (lat/lon) and VN-2000 (geographic 4756, UTM 3405/3406, provincial
TM-3 zones 9205–9218 and 5897–5899). Pure: no Django."""

from functools import cache

from pyproj import CRS, Transformer

from core.errors import BadInput

__all__ = [
    "CRS84",
    "DEFAULT_SRID",
    "SRIDS",
    "CrsError",
    "crs_uri",
    "decimals",
    "lat_first",
    "parse_crs",
    "projected_range",
]

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
DEFAULT_SRID = 4326
SRIDS = (4326, 4756, 3405, 3406, *range(9205, 9219), 5897, 5898, 5899)
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{srid}"


class CrsError(BadInput):
    """A CRS the service does not offer."""


def crs_uri(srid: int, *, crs84: bool = False) -> str:
    """The URI of ``srid``; CRS84 for WGS 84 in lon/lat order."""
    return CRS84 if crs84 else EPSG_URI.format(srid=srid)


def parse_crs(text: str | None) -> tuple[int, bool]:
    """(srid, lat_first_order) for a ``crs`` or ``bbox-crs`` value; none given: CRS84."""
    if not text or text in (CRS84, "CRS84", "OGC:CRS84", "[OGC:CRS84]"):
        return DEFAULT_SRID, False
    code = text.strip("[]")
    for prefix in (
        "http://www.opengis.net/def/crs/EPSG/0/",
        "EPSG:",
        "https://www.opengis.net/def/crs/EPSG/0/",
    ):
        if code.startswith(prefix):
            code = code[len(prefix) :]
            break
    else:
        raise CrsError(text)
    if not (code.isascii() and code.isdigit()) or int(code) not in SRIDS:
        raise CrsError(text)
    return int(code), lat_first(int(code))


@cache
def lat_first(srid: int) -> bool:
    """Whether the EPSG definition of ``srid`` puts northing/latitude first."""
    return CRS.from_epsg(srid).axis_info[0].direction in ("north", "south")


#: How far beyond its area of use a bounding box may reach, in widths of that area.
RANGE_MARGIN = 1.0


@cache
def projected_range(srid: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """((min x, min y), (max x, max y)) a bounding box in ``srid`` may use: the CRS's area
    of use, widened by ``RANGE_MARGIN`` of its size on each side (farther, a projection
    gives coordinates that mean nothing, or none)."""
    crs = CRS.from_epsg(srid)
    area = crs.area_of_use
    to_crs = Transformer.from_crs(CRS.from_epsg(4326), crs, always_xy=True)
    x0, y0, x1, y1 = to_crs.transform_bounds(area.west, area.south, area.east, area.north)
    dx, dy = (x1 - x0) * RANGE_MARGIN, (y1 - y0) * RANGE_MARGIN
    return (x0 - dx, y0 - dy), (x1 + dx, y1 + dy)


@cache
def decimals(srid: int) -> int:
    """6 decimals for degrees (about 0.1 m), 2 for metres."""
    return 6 if CRS.from_epsg(srid).is_geographic else 2


def supported_uris() -> list[str]:
    return [CRS84, *(crs_uri(srid) for srid in SRIDS)]
