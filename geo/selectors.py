"""Spatial reads other apps use: which commune holds a point, current units, outlines.

Geometry work happens in PostGIS; GeoJSON is assembled by ``ST_AsGeoJSON`` so large
layers never pass through Python geometry objects.
"""

from django.contrib.gis.geos import Point
from django.db import connection

from geo.geojson import feature_collection
from geo.models import AdminUnit, Level

__all__ = [
    "border_lines_geojson",
    "commune_at",
    "country_outlines_geojson",
    "districts_on",
    "units_current",
    "units_geojson",
]


def commune_at(*, point: Point) -> AdminUnit | None:
    """The current commune holding ``point`` (WGS 84), by the shared-boundary rule.

    A point inside a commune belongs to it. A point on a boundary shared by several
    communes belongs to the one with the smallest official code, so every point has
    exactly one commune. This is the same SQL function the database trigger uses.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT geo_commune_at(ST_GeomFromEWKB(%s))", [bytes(point.ewkb)])
        (unit_id,) = cursor.fetchone()
    return AdminUnit.objects.get(pk=unit_id) if unit_id else None


def units_current(*, level: str | None = None):
    """Units of the boundary version in force, optionally of one level."""
    queryset = AdminUnit.current.all()
    if level is not None:
        queryset = queryset.filter(level=level)
    return queryset


FEATURES_SQL = "SELECT ST_AsGeoJSON(t.*, 'geom', %s) FROM ({rows}) t"


def _feature_collection(sql: str, params: list) -> str:
    """The rows of ``sql`` (a constant of this module, never user input) as a
    FeatureCollection: PostGIS writes each Feature, ``geo.geojson`` the collection."""
    with connection.cursor() as cursor:
        cursor.execute(FEATURES_SQL.format(rows=sql), params)
        return feature_collection(row[0] for row in cursor.fetchall())


def country_outlines_geojson(*, decimals: int = 5) -> str:
    """Vietnam and its neighbours as a GeoJSON FeatureCollection (the offline basemap)."""
    return _feature_collection(
        "SELECT iso3, name_vi, name_en, geom FROM geo_countryoutline ORDER BY iso3",
        [decimals],
    )


def units_geojson(*, level: str = Level.COMMUNE, decimals: int = 6, unit_ids=None) -> str:
    """Current units of ``level`` as GeoJSON with code, name, parent code and border facts;
    ``unit_ids`` limits them to a user's area (``Area.unit_ids()``; None: all)."""
    ids = None if unit_ids is None else sorted(unit_ids)
    return _feature_collection(
        "SELECT u.code, u.name, u.level, u.kind, p.code AS parent_code, u.population,"
        " round(u.area_m2) AS area_m2, u.is_border, round(u.border_distance_m) AS"
        " border_distance_m, u.is_demo, u.geom"
        " FROM geo_adminunit u LEFT JOIN geo_adminunit p ON p.id = u.parent_id"
        " WHERE u.valid_to IS NULL AND u.level = %s"
        " AND (%s::bigint[] IS NULL OR u.id = ANY(%s::bigint[])) ORDER BY u.code",
        [decimals, level, ids, ids],
    )


def border_lines_geojson(*, decimals: int = 5) -> str:
    """The national land border, one feature per neighbour, with the neighbour's name."""
    return _feature_collection(
        "SELECT b.neighbour, c.name_vi AS neighbour_name, b.geom FROM geo_borderline b"
        " LEFT JOIN geo_countryoutline c ON c.iso3 = b.neighbour ORDER BY b.neighbour",
        [decimals],
    )


DISTRICTS_ON_SQL = """
SELECT DISTINCT ON (c.id) c.id, d.code, d.name
  FROM geo_adminunit c
  JOIN geo_adminunit d
    ON d.level = 'district' AND d.valid_from <= %(day)s AND (d.valid_to IS NULL OR d.valid_to > %(day)s)
   AND ST_Intersects(c.geom, d.geom)
  JOIN geo_adminunit p ON p.id = d.parent_id AND p.code = %(province)s
 WHERE c.id = ANY(%(ids)s)
 ORDER BY c.id, ST_Area(ST_Intersection(c.geom, d.geom)) DESC, d.code
"""


def districts_on(*, day, unit_ids, province_code: str) -> dict[int, tuple[str, str]]:
    """``{unit id: (code, name)}`` of the district of province ``province_code``, in the
    boundary version valid on ``day``, that holds most of each unit's area: the former
    district of a commune of today (there are no districts after 1 July 2025, so a later
    day gives ``{}``). A neighbouring province's district never counts, even where the
    outlines overlap."""
    with connection.cursor() as cursor:
        cursor.execute(DISTRICTS_ON_SQL, {"day": day, "ids": list(unit_ids), "province": province_code})
        return {unit_id: (code, name) for unit_id, code, name in cursor.fetchall()}
