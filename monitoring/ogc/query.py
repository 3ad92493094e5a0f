"""One page of a collection as GeoJSON, built by PostGIS in one query (plus a count).

The rows come from the ORM (the user's area, the bounding box and the property filters
are ordinary querysets); the features are assembled around that SQL with
``json_build_object``/``json_agg``, so no geometry passes through Python."""

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.db import connection
from django.db.models import F, Func, QuerySet

from monitoring.ogc.collections import Collection
from monitoring.ogc.crs import DEFAULT_SRID, decimals

__all__ = ["feature_json", "page_json"]

# {feature}: built from the collection's property names (constants); {rows}: the ORM's
# SQL, whose values are parameters.
PAGE_SQL = "SELECT count(*), coalesce(json_agg({feature} ORDER BY t.p0), '[]'::json)::text FROM ({rows}) t"
FEATURE_SQL = "SELECT {feature}::text FROM ({rows}) t"


class ForcePolygonCCW(Func):
    function = "ST_ForcePolygonCCW"
    output_field = GeometryField(srid=4326)


class FlipCoordinates(Func):
    function = "ST_FlipCoordinates"
    output_field = GeometryField()


def _geometry(collection: Collection, srid: int, lat_first: bool):
    geometry = F(collection.geometry)
    if collection.geometry_type.endswith("Polygon"):
        geometry = ForcePolygonCCW(geometry)
    if srid != DEFAULT_SRID:
        geometry = Transform(geometry, srid)
    if lat_first:
        geometry = FlipCoordinates(geometry)
    return AsGeoJSON(geometry, precision=decimals(srid))


def _rows_sql(collection: Collection, rows: QuerySet, srid: int, lat_first: bool) -> tuple[str, list]:
    columns = {f"p{i}": expression for i, expression in enumerate(collection.columns().values())}
    selected = rows.values(**columns, geometry_json=_geometry(collection, srid, lat_first))
    sql, params = selected.query.sql_with_params()
    return sql, list(params)


def _feature_sql(collection: Collection) -> str:
    """``json_build_object`` of one row ``t``; the names are this module's constants."""
    properties = ", ".join(f"'{name}', t.p{i}" for i, name in enumerate(collection.properties))
    return (
        "json_build_object('type', 'Feature', 'id', t.p0, 'geometry', t.geometry_json::json,"
        f" 'properties', json_build_object({properties}))"
    )


def page_json(
    collection: Collection, rows: QuerySet, *, offset: int, limit: int, srid: int, lat_first: bool
) -> tuple[int, str]:
    """(number returned, JSON array of the features) of rows ``offset`` to ``offset + limit``."""
    order = collection.id_property
    page = rows.order_by(order)[offset : offset + limit]
    inner, params = _rows_sql(collection, page, srid, lat_first)
    sql = PAGE_SQL.format(feature=_feature_sql(collection), rows=inner)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        returned, features = cursor.fetchone()
    return returned, features


def feature_json(collection: Collection, rows: QuerySet, *, srid: int, lat_first: bool) -> str | None:
    """The one feature of ``rows`` as JSON text, or ``None``."""
    inner, params = _rows_sql(collection, rows[:1], srid, lat_first)
    with connection.cursor() as cursor:
        cursor.execute(FEATURE_SQL.format(feature=_feature_sql(collection), rows=inner), params)
        row = cursor.fetchone()
    return row[0] if row else None
