"""Reads for planning: demand at each commune's representative point, existing and
planned counselling points, in a metric VN-2000 projection chosen for the province."""

from dataclasses import dataclass

import numpy as np
from django.db import connection

from monitoring.figures.periods import Period
from monitoring.figures.values import classification_for_year
from monitoring.models import Aggregation, Indicator

__all__ = ["DemandPoint", "Site", "demand_points", "metric_srid", "points_in_area", "sites", "to_metres"]

# VN-2000 / UTM zone 48N (central meridian 105°E) and 49N (111°E).
UTM_48N, UTM_49N = 3405, 3406


def metric_srid() -> int:
    """The VN-2000 UTM zone whose central meridian is nearest the province's centre."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(ST_Centroid(ST_Extent(geom)::geometry)) FROM geo_adminunit"
            " WHERE valid_to IS NULL AND level = 'commune'"
        )
        (lon,) = cursor.fetchone()
    return UTM_48N if lon is None or abs(lon - 105) <= abs(lon - 111) else UTM_49N


@dataclass(frozen=True)
class DemandPoint:
    unit_id: int
    code: str
    name: str
    parent: str
    lon: float
    lat: float
    x: float
    y: float
    weight: float | None  # None: nothing reported
    population: int | None
    is_border: bool
    border_distance_m: float | None
    drug_class: str | None


DEMAND_SQL = """
WITH p AS (SELECT u.id, u.code, u.name, coalesce(d.name, '') AS parent, u.population, u.is_border,
                  u.border_distance_m, ST_PointOnSurface(u.geom) AS pt
             FROM geo_adminunit u LEFT JOIN geo_adminunit d ON d.id = u.parent_id
            WHERE u.valid_to IS NULL AND u.level = 'commune'
              AND (%(ids)s::bigint[] IS NULL OR u.id = ANY(%(ids)s::bigint[])))
SELECT p.id, p.code, p.name, p.parent, ST_X(p.pt), ST_Y(p.pt),
       ST_X(ST_Transform(p.pt, %(srid)s)), ST_Y(ST_Transform(p.pt, %(srid)s)),
       p.population, p.is_border, p.border_distance_m,
       (SELECT CASE WHEN %(flow)s THEN sum(c.value)
                    ELSE (array_agg(c.value ORDER BY c.period DESC))[1] END
          FROM monitoring_casecount c
         WHERE c.unit_id = p.id AND c.indicator_id = %(indicator)s
           AND c.period BETWEEN %(start)s AND %(end)s)
  FROM p ORDER BY p.code
"""


def demand_points(
    *, indicator: Indicator | None, period: Period, srid: int, unit_ids=None
) -> list[DemandPoint]:
    """One point per current commune, inside it (``ST_PointOnSurface``, never a centroid
    that can fall outside), weighted by the indicator for the period, or by population
    when ``indicator`` is None. ``unit_ids`` limits the communes to a user's area."""
    params = {
        "ids": None if unit_ids is None else sorted(unit_ids),
        "srid": srid,
        "flow": bool(indicator and indicator.aggregation == Aggregation.FLOW),
        "indicator": indicator.id if indicator else 0,
        "start": period.start,
        "end": period.end,
    }
    with connection.cursor() as cursor:
        cursor.execute(DEMAND_SQL, params)
        rows = cursor.fetchall()
    classes = classification_for_year(year=period.end.year, unit_ids=[r[0] for r in rows])
    points = []
    for uid, code, name, parent, lon, lat, x, y, population, is_border, distance, value in rows:
        weight = float(population) if indicator is None and population else value
        points.append(
            DemandPoint(
                uid,
                code,
                name,
                parent,
                lon,
                lat,
                x,
                y,
                None if weight is None else float(weight),
                population,
                is_border,
                distance,
                classes[uid].drug_class if uid in classes else None,
            )
        )
    return points


@dataclass(frozen=True)
class Site:
    id: int | None
    name: str
    status: str
    lon: float
    lat: float
    x: float
    y: float


def sites(*, statuses: tuple[str, ...], srid: int, unit_ids=None) -> list[Site]:
    """Counselling points with the given statuses, in WGS 84 and metres; ``unit_ids``
    limits them to those hosted by communes of a user's area."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, name, status, ST_X(location), ST_Y(location),"
            " ST_X(ST_Transform(location, %s)), ST_Y(ST_Transform(location, %s))"
            " FROM monitoring_counsellingpoint WHERE status = ANY(%s)"
            " AND (%s::bigint[] IS NULL OR commune_id = ANY(%s::bigint[])) ORDER BY name",
            [srid, srid, list(statuses), *[None if unit_ids is None else sorted(unit_ids)] * 2],
        )
        return [Site(*row) for row in cursor.fetchall()]


def to_metres(*, lonlat: list[tuple[float, float]], srid: int) -> np.ndarray:
    """Project WGS 84 points (e.g. candidates clicked on the map) into ``srid``."""
    if not lonlat:
        return np.empty((0, 2))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(x, y), 4326), %s) AS p"
            " FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS t(x, y, n) ORDER BY n) q",
            [srid, [p[0] for p in lonlat], [p[1] for p in lonlat]],
        )
        return np.array(cursor.fetchall(), dtype=float)


def points_in_area(*, lonlat: list[tuple[float, float]], unit_ids) -> list[bool]:
    """For each WGS 84 point, whether the commune holding it is among ``unit_ids``
    (``None``: every point is in the area)."""
    if unit_ids is None:
        return [True] * len(lonlat)
    if not lonlat:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(geo_commune_at(ST_SetSRID(ST_MakePoint(x, y), 4326)) = ANY(%s::bigint[]), false)"
            " FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS t(x, y, n) ORDER BY n",
            [sorted(unit_ids), [p[0] for p in lonlat], [p[1] for p in lonlat]],
        )
        return [row[0] for row in cursor.fetchall()]
