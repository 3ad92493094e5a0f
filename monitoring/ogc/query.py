"""One page of a collection as GeoJSON, built by PostGIS in one query (plus a count).

The rows come from the ORM (the user's area, the bounding box and the property filters
are ordinary querysets); each feature is assembled around that SQL as text, its
properties by the layer's own SQL (``Layer.properties_annotation``), so no geometry
passes through Python and the values are those of every other channel. The page is
wrapped by the one GeoJSON writer (``geo.geojson``)."""

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.contrib.postgres.fields import ArrayField
from django.db import connection, transaction
from django.db.models import BigIntegerField, F, Func, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from monitoring.ogc.collections import Collection
from monitoring.ogc.crs import DEFAULT_SRID, decimals

__all__ = ["SERIAL", "count_and_bounds", "feature_json", "page_json"]

# {feature}: built from the collection's property names (constants); {rows}: the ORM's
# SQL, whose values are parameters.
# Features are concatenated as text: the geometry's GeoJSON is not parsed again.
PAGE_SQL = (
    "SELECT count(*), coalesce(array_agg({feature} ORDER BY {order}), '{{}}'), max(t.p0) FROM ({rows}) t"
)
FEATURE_SQL = "SELECT {feature} FROM ({rows}) t"
# {matches}: the ORM's SQL of the filtered rows (values are parameters).
KEYS_AFTER_SQL = "SELECT m.k_pk FROM ({matches} OFFSET 0) m WHERE m.k_key > %s ORDER BY m.k_key LIMIT %s"
BOUNDS_SQL = (
    "SELECT array_agg(w.k ORDER BY w.k) FILTER (WHERE mod(w.n, %s) = 0) FROM"
    " (SELECT m.k_key AS k, row_number() OVER (ORDER BY m.k_key) AS n FROM ({matches}) m) w"
)
# One backend per request: parallel workers cost more CPU in all (and ~50 ms to start),
# which a server answering many clients pays for.
SERIAL = "SET LOCAL max_parallel_workers_per_gather = 0"


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


class ArrayPosition(Func):
    function = "array_position"
    output_field = BigIntegerField()


def _rows_sql(
    collection: Collection, rows: QuerySet, srid: int, lat_first: bool, ranked: list | None = None
) -> tuple[str, list]:
    """SQL of ``rows`` with the feature key ``p0``, the layer's properties and the geometry;
    with ``ranked`` (primary keys in the page's order), each row's place ``p_rank``."""
    layer = collection.layer
    columns = {
        "p0": F(collection.id_property),
        "properties": layer.properties_annotation("ogc", rows.model),
        "geometry_json": _geometry(collection, srid, lat_first),
    }
    if ranked is not None:
        array = Value(ranked, output_field=ArrayField(BigIntegerField()))
        columns["p_rank"] = ArrayPosition(array, Cast("pk", BigIntegerField()))
    sql, params = rows.values(**columns).query.sql_with_params()
    return sql, list(params)


def _order_expression(lookup: str, descending: bool):
    """Empty values last either way (an establishment never inspected sorts after the rest)."""
    return F(lookup).desc(nulls_last=True) if descending else F(lookup).asc(nulls_last=True)


# One row ``t`` as a GeoJSON Feature (text).
FEATURE_TEXT = (
    """'{"type":"Feature","id":' || to_json(t.p0)::text || ',"geometry":'"""
    """ || coalesce(t.geometry_json, 'null') || ',"properties":' || t.properties || '}'"""
)


def page_json(
    collection: Collection,
    rows: QuerySet,
    *,
    offset: int,
    limit: int,
    srid: int,
    lat_first: bool,
    after=None,
    upto=None,
    spatial: bool = False,
    sortby: tuple = (),
) -> tuple[int, list[str], object]:
    """(number returned, the features as JSON texts, last key) of rows ``offset`` to
    ``offset + limit`` in key order; with ``after`` (the key before ``offset``), the page
    starts after it instead of skipping ``offset`` rows; with ``upto`` too (the page's
    last key, from ``count_and_bounds``), the page is the key range. ``spatial``:
    ``rows`` are filtered by an area (see ``_keys_after_in_area``). With ``sortby``
    ((lookup, descending) pairs, then the key), the page is taken by offset and no last
    key is returned."""
    order = collection.id_property
    if sortby:
        return _sorted_page_json(collection, rows, offset, limit, srid, lat_first, sortby)
    # Page the keys first, then compute the properties (latest visit, commune code) of
    # the page's rows only, not of the rows the offset skips.
    if upto is not None:
        bounded = rows.filter(**{f"{order}__lte": upto})
        if after is not None:
            bounded = bounded.filter(**{f"{order}__gt": after})
        keys = bounded.order_by(order).values("pk")[:limit]
    elif after is not None and spatial:
        keys = _keys_after_in_area(rows, order, after, limit)
    elif after is not None:
        keys = rows.filter(**{f"{order}__gt": after}).order_by(order).values("pk")[:limit]
    else:
        keys = rows.order_by(order).values("pk")[offset : offset + limit]
    page = rows.model._base_manager.filter(pk__in=keys).order_by(order)
    inner, params = _rows_sql(collection, page, srid, lat_first)
    return _page(PAGE_SQL.format(feature=FEATURE_TEXT, rows=inner, order="t.p0"), params)


def _page(sql: str, params) -> tuple[int, list[str], object]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SERIAL)
        cursor.execute(sql, params)
        returned, features, last = cursor.fetchone()
    return returned, list(features), last


def _sorted_page_json(collection, rows, offset, limit, srid, lat_first, sortby):
    ordering = [
        *(_order_expression(lookup, descending) for lookup, descending in sortby),
        collection.id_property,
    ]
    ranked = list(rows.order_by(*ordering).values_list("pk", flat=True)[offset : offset + limit])
    if not ranked:
        return 0, [], None
    page = rows.model._base_manager.filter(pk__in=ranked)
    inner, params = _rows_sql(collection, page, srid, lat_first, ranked=ranked)
    returned, features, _ = _page(PAGE_SQL.format(feature=FEATURE_TEXT, rows=inner, order="t.p_rank"), params)
    return returned, features, None


def count_and_bounds(rows: QuerySet, order: str, limit: int, *, max_pages: int) -> tuple[int, tuple | None]:
    """(number of ``rows``, the last key of every page of ``limit`` rows in key order);
    no bounds when there are more than ``max_pages`` pages. With the bounds, each page of
    an area's matches is a key range the planner reads from two small bitmaps."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SERIAL)
        matched = rows.count()
        if matched > limit * max_pages:
            return matched, None
        sql, params = rows.order_by().values(k_key=F(order)).query.sql_with_params()
        cursor.execute(BOUNDS_SQL.format(matches=sql), (limit, *params))
        (bounds,) = cursor.fetchone()
    return matched, tuple(bounds or ())


def _keys_after_in_area(rows: QuerySet, order: str, after, limit: int) -> RawSQL:
    """Keys of the next page of rows filtered by an area: the matches come from the
    spatial index alone (``OFFSET 0`` keeps ``key > after`` out of that scan, where the
    planner would otherwise AND it with a bitmap of every larger key in the table)."""
    matches, params = rows.order_by().values(k_pk=F("pk"), k_key=F(order)).query.sql_with_params()
    return RawSQL(KEYS_AFTER_SQL.format(matches=matches), (*params, after, limit))  # noqa: S611


def feature_json(collection: Collection, rows: QuerySet, *, srid: int, lat_first: bool) -> str | None:
    """The one feature of ``rows`` as JSON text, or ``None``."""
    inner, params = _rows_sql(collection, rows[:1], srid, lat_first)
    with connection.cursor() as cursor:
        cursor.execute(FEATURE_SQL.format(feature=FEATURE_TEXT, rows=inner), params)
        row = cursor.fetchone()
    return row[0] if row else None
