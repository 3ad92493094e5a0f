"""One page of a collection as GeoJSON, built by PostGIS in one query (plus a count).

The rows come from the ORM (the user's area, the bounding box and the property filters
are ordinary querysets); the features are assembled around that SQL with
``json_build_object``/``json_agg``, so no geometry passes through Python."""

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.db import connection, transaction
from django.db.models import F, Func, QuerySet
from django.db.models.expressions import RawSQL

from monitoring.ogc.collections import Collection, Key
from monitoring.ogc.crs import DEFAULT_SRID, decimals

__all__ = ["SERIAL", "count_and_bounds", "feature_json", "page_json", "property_sql", "rows_sql"]

# {feature}: built from the collection's property names (constants); {rows}: the ORM's
# SQL, whose values are parameters.
# Features are concatenated as text: the geometry's GeoJSON is not parsed again.
PAGE_SQL = (
    "SELECT count(*), '[' || coalesce(string_agg({feature}, ',' ORDER BY t.p0), '') || ']', max(t.p0)"
    " FROM ({rows}) t"
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


def _aliases(collection: Collection) -> dict[str, str]:
    """Column name → alias in the inner query (``p0``, ``p1``, …)."""
    return {name: f"p{i}" for i, name in enumerate(collection.columns())}


def rows_sql(collection: Collection, rows: QuerySet, names=None, **extra) -> tuple[str, list]:
    """SQL of ``rows`` selecting the columns of the properties ``names`` (default: all) as
    their aliases, plus ``extra`` expressions."""
    aliases, all_columns = _aliases(collection), collection.columns()
    wanted = set(names or all_columns) | {collection.id_property}
    wanted |= {all_columns[name].column for name in wanted if isinstance(all_columns[name], Key)}
    columns = {
        aliases[name]: expression
        for name, expression in all_columns.items()
        if name in wanted and not isinstance(expression, Key)
    }
    sql, params = rows.values(**columns, **extra).query.sql_with_params()
    return sql, list(params)


def property_sql(collection: Collection, names=None, *, as_text: bool = False) -> dict[str, str]:
    """Property name → its SQL over the row ``t`` of ``rows_sql``."""
    aliases, columns = _aliases(collection), collection.columns()
    arrow = "->>" if as_text else "->"

    def value(name: str) -> str:
        expression = columns[name]
        if isinstance(expression, Key):
            return f"t.{aliases[expression.column]} {arrow} '{expression.key}'"
        return f"t.{aliases[name]}"

    return {name: value(name) for name in names or collection.properties}


def _rows_sql(collection: Collection, rows: QuerySet, srid: int, lat_first: bool) -> tuple[str, list]:
    return rows_sql(collection, rows, geometry_json=_geometry(collection, srid, lat_first))


def _feature_sql(collection: Collection) -> str:
    """One row ``t`` as a GeoJSON Feature (text); the names are constants."""
    properties = ", ".join(f"'{name}', {sql}" for name, sql in property_sql(collection).items())
    return (
        """'{"type": "Feature", "id": ' || to_json(t.p0)::text || ', "geometry": '"""
        """ || coalesce(t.geometry_json, 'null') || ', "properties": '"""
        f" || json_build_object({properties})::text || '}}'"
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
) -> tuple[int, str, object]:
    """(number returned, JSON array of the features, last key) of rows ``offset`` to
    ``offset + limit`` in key order; with ``after`` (the key before ``offset``), the page
    starts after it instead of skipping ``offset`` rows; with ``upto`` too (the page's
    last key, from ``count_and_bounds``), the page is the key range. ``spatial``:
    ``rows`` are filtered by an area (see ``_keys_after_in_area``)."""
    order = collection.id_property
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
    sql = PAGE_SQL.format(feature=_feature_sql(collection), rows=inner)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SERIAL)
        cursor.execute(sql, params)
        returned, features, last = cursor.fetchone()
    return returned, features, last


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
        cursor.execute(FEATURE_SQL.format(feature=_feature_sql(collection), rows=inner), params)
        row = cursor.fetchone()
    return row[0] if row else None
