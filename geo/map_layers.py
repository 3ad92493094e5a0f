"""Geometry layers prepared for web maps: simplified unit coverages, the border and its
distance bands, and the country basemap clipped to the area shown.

Results are memoised in the process per boundary version (no pickling on the hot
path) and also offered as ready-made GeoJSON text for the map pages."""

import json
import threading

from django.db import connection
from shapely import wkb
from shapely.geometry import mapping

from geo.geojson import feature, feature_collection
from geo.shared_edges import simplify_coverage

__all__ = [
    "border_bands",
    "border_bands_geojson",
    "border_lines_geojson",
    "boundary_version",
    "countries_around",
    "countries_around_geojson",
    "map_layers_warm",
    "unit_shapes",
    "unit_shapes_geojson",
]

_memo: dict[str, object] = {}
_memo_lock = threading.Lock()


def _memoised(kind: str, version: str, build):
    """The value built for (kind, version); older versions of a kind are dropped."""
    key = f"{kind}:{version}"
    with _memo_lock:
        if key in _memo:
            return _memo[key]
    value = build()
    with _memo_lock:
        for old in [k for k in _memo if k.startswith(kind + ":")]:
            del _memo[old]
        _memo[key] = value
    return value


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

    def build():
        rows = _rows(
            "SELECT code, ST_AsBinary(geom) FROM geo_adminunit"
            " WHERE valid_to IS NULL AND level = %s ORDER BY code",
            [level],
        )
        simplified = simplify_coverage(
            [wkb.loads(bytes(geom)) for _, geom in rows], tolerance=SIMPLIFY_TOLERANCE_DEG
        )
        shapes = {code: mapping(g) for (code, _), g in zip(rows, simplified, strict=True)}
        texts = {code: feature(geometry=g, properties={"code": code}) for code, g in shapes.items()}
        return shapes, texts

    return _memoised(f"unit-shapes-{level}", boundary_version(), build)[0]


def unit_shapes_geojson(*, level: str, codes: list[str]) -> str:
    """A FeatureCollection (text) of the simplified shapes of ``codes``, properties ``code``."""
    unit_shapes(level=level)
    _, texts = _memo[f"unit-shapes-{level}:{boundary_version()}"]
    return feature_collection(texts[c] for c in codes if c in texts)


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
    return _memoised(
        "border-bands",
        f"{boundary_version()}:{border_version()}:{distances_m}",
        lambda: [(d, json.loads(g)) for d, g in _rows(BANDS_SQL, [list(distances_m)]) if g],
    )


def border_bands_geojson() -> str:
    return feature_collection(feature(geometry=g, properties={"km": d // 1000}) for d, g in border_bands())


def border_version() -> str:
    ((count, max_id, points),) = _rows(
        "SELECT count(*), max(id), sum(ST_NPoints(geom)) FROM geo_borderline", []
    )
    return f"{count}-{max_id}-{points}"


def border_lines_geojson() -> str:
    """The land border (text), one feature per neighbour, memoised per border version."""
    from geo.selectors import border_lines_geojson as build

    return _memoised("border-lines", border_version(), build)


COUNTRIES_SQL = """
WITH area AS (SELECT ST_SetSRID(ST_Expand(ST_Extent(geom), %(margin)s)::geometry, 4326) AS box
                FROM geo_adminunit WHERE valid_to IS NULL AND level IN ('province', 'commune'))
SELECT c.iso3, c.name_vi, c.name_en,
       ST_AsGeoJSON(ST_Multi(ST_Collect(ST_MakePolygon(ST_ExteriorRing(part.geom)))), 4)
  FROM geo_countryoutline c, area a,
       -- the outer rings only: the outlines' holes (lakes, slivers of the data) would
       -- show the map's water colour through the background
       ST_Dump(ST_SimplifyPreserveTopology(ST_ClipByBox2D(c.geom, a.box), %(tolerance)s)) part
 WHERE a.box IS NOT NULL AND ST_Intersects(c.geom, a.box)
   AND GeometryType(part.geom) = 'POLYGON'
 GROUP BY c.iso3, c.name_vi, c.name_en
 ORDER BY c.iso3
"""


def countries_around(*, margin_deg: float = 2.5, tolerance_deg: float = 0.003) -> dict:
    """Country outlines around the loaded units as a FeatureCollection (offline basemap)."""

    def build():
        rows = _rows(COUNTRIES_SQL, {"margin": margin_deg, "tolerance": tolerance_deg})
        return {
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

    return _memoised("countries-around", f"{boundary_version()}:{margin_deg}:{tolerance_deg}", build)


def countries_around_geojson() -> str:
    return _memoised(
        "countries-around-text",
        boundary_version(),
        lambda: feature_collection(countries_around()["features"]),
    )


def map_layers_warm() -> None:
    """Build what every map page draws (simplified units of each level, the border, its
    distance bands, the countries around) before the first request asks: a server process
    warms it once at start (``config.wsgi``), so no reader waits seconds for it."""
    for level in ("commune", "district"):
        unit_shapes(level=level)
    border_bands()
    border_lines_geojson()
    countries_around_geojson()
