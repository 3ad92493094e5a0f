"""Geometry layers prepared for web maps: simplified unit coverages (cached per
boundary version), the border and its distance bands, and the country basemap clipped
to the area shown."""

import json

from django.core.cache import cache
from django.db import connection
from shapely import wkb
from shapely.geometry import mapping

from geo.coverage import simplify_coverage

__all__ = [
    "border_bands",
    "boundary_version",
    "countries_around",
    "unit_shapes",
]

SIMPLIFY_TOLERANCE_DEG = 0.0002  # ≈ 20 m: about 2 pixels at zoom 14, the map's limit
MAX_ZOOM = 14


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def boundary_version() -> str:
    """Changes whenever a current unit is added, retired or reshaped."""
    ((count, max_id, area),) = _rows(
        "SELECT count(*), max(id), round(sum(area_m2)) FROM geo_adminunit WHERE valid_to IS NULL", []
    )
    return f"{count}-{max_id}-{area}"


def unit_shapes(*, level: str) -> dict[str, dict]:
    """``{code: GeoJSON geometry}`` of current units of ``level``, coverage-simplified.

    All units of a level are simplified together, so a district's communes and its
    neighbours' keep shared edges identical; callers pick the codes they show.
    """
    key = f"unit-shapes:{level}:{boundary_version()}"
    shapes = cache.get(key)
    if shapes is None:
        rows = _rows(
            "SELECT code, ST_AsBinary(geom) FROM geo_adminunit"
            " WHERE valid_to IS NULL AND level = %s ORDER BY code",
            [level],
        )
        simplified = simplify_coverage(
            [wkb.loads(bytes(geom)) for _, geom in rows], tolerance=SIMPLIFY_TOLERANCE_DEG
        )
        shapes = {code: mapping(g) for (code, _), g in zip(rows, simplified, strict=True)}
        cache.set(key, shapes, timeout=None)
    return shapes


BANDS_SQL = """
WITH border AS (SELECT ST_Union(geom) AS geom FROM geo_borderline),
area AS (SELECT ST_SetSRID(ST_Expand(ST_Extent(geom), 0.3)::geometry, 4326) AS box FROM geo_adminunit
          WHERE valid_to IS NULL AND level = 'province')
SELECT d, ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_Intersection(
           ST_Buffer(ST_Intersection(b.geom, a.box)::geography, d)::geometry, a.box), 0.0005), 5)
  FROM border b, area a, unnest(%s::int[]) AS d
 WHERE b.geom IS NOT NULL AND a.box IS NOT NULL
 ORDER BY d DESC
"""


def border_bands(*, distances_m=(20_000, 10_000, 5_000)) -> list[tuple[int, dict]]:
    """Areas within each distance of the land border, near the province (largest first)."""
    key = f"border-bands:{boundary_version()}:{','.join(map(str, distances_m))}"
    bands = cache.get(key)
    if bands is None:
        bands = [(d, json.loads(g)) for d, g in _rows(BANDS_SQL, [list(distances_m)]) if g]
        cache.set(key, bands, timeout=None)
    return bands


COUNTRIES_SQL = """
WITH area AS (SELECT ST_SetSRID(ST_Expand(ST_Extent(geom), %(margin)s)::geometry, 4326) AS box
                FROM geo_adminunit WHERE valid_to IS NULL AND level IN ('province', 'commune'))
SELECT c.iso3, c.name_vi, c.name_en,
       ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_ClipByBox2D(c.geom, a.box), %(tolerance)s), 4)
  FROM geo_countryoutline c, area a
 WHERE a.box IS NOT NULL AND ST_Intersects(c.geom, a.box)
 ORDER BY c.iso3
"""


def countries_around(*, margin_deg: float = 3.0, tolerance_deg: float = 0.002) -> dict:
    """Country outlines around the loaded units as a FeatureCollection (offline basemap)."""
    key = f"countries-around:{boundary_version()}:{margin_deg}:{tolerance_deg}"
    collection = cache.get(key)
    if collection is None:
        rows = _rows(COUNTRIES_SQL, {"margin": margin_deg, "tolerance": tolerance_deg})
        collection = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"iso3": iso3, "name_vi": vi, "name_en": en},
                    "geometry": json.loads(geometry),
                }
                for iso3, vi, en, geometry in rows
            ],
        }
        cache.set(key, collection, timeout=None)
    return collection
