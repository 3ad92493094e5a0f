"""The SQL of an export: the layer's properties and one geometry representation over its
selection, in the layer's order, read in chunks from a server-side cursor.

``feature_sql`` builds each GeoJSON feature as text in PostGIS (``ST_AsGeoJSON`` of the
geometry with right-hand rings, ``json_build_object`` of the properties), so Python only
joins strings. ``columns_sql`` gives plain columns for the other formats and for layers
whose values are post-processed (small-count protection).
"""

from collections.abc import Iterator

from django.conf import settings
from django.db import connection, transaction

from geo.geojson import feature_collection
from monitoring.layers import SENSITIVE_SITES, Layer, Selection

__all__ = [
    "CHANNEL",
    "CHUNK_ROWS",
    "GEOMETRY_COLUMNS",
    "columns_sql",
    "data_date",
    "feature_page",
    "feature_sql",
    "fetch_chunks",
    "sensitive_sites_near_geojson",
]

CHUNK_ROWS = 2000
CHANNEL = "export"  # the registry's channel of export files (``Layer.fields``)

#: Geometry representations: the extra column names and their SQL (``{g}`` = the geometry).
GEOMETRY_COLUMNS = {
    "geojson": (("geometry",), ("ST_AsGeoJSON({g}, 6)",)),
    "wkt": (("wkt",), ("ST_AsText({g}, 6)",)),
    "wkb": (("geometry",), ("ST_AsBinary({g})",)),
    "native": (("geometry",), ("{g}",)),  # the PostGIS geometry itself (for GDAL/ogr2ogr)
    "lonlat": (
        ("lon", "lat"),
        ("round(ST_X({g})::numeric, 6)::float8", "round(ST_Y({g})::numeric, 6)::float8"),
    ),
    "surface": (
        ("lon", "lat"),
        (
            "round(ST_X(ST_PointOnSurface({g}))::numeric, 6)::float8",
            "round(ST_Y(ST_PointOnSurface({g}))::numeric, 6)::float8",
        ),
    ),
}


def _geometry(layer: Layer) -> str:
    """The layer's geometry, polygons with counter-clockwise exterior rings (RFC 7946)."""
    if layer.geometry_type and "Polygon" in layer.geometry_type:
        return f"ST_ForcePolygonCCW({layer.geometry})"
    return layer.geometry


def _from_where(layer: Layer, selection: Selection) -> str:
    return f" FROM {layer.from_sql} WHERE {selection.where()}"


def feature_sql(layer: Layer, selection: Selection, *, channel: str = CHANNEL) -> tuple[str, list]:
    """One text column: the GeoJSON Feature of each row, with the properties ``channel``
    carries."""
    geometry = f"coalesce(ST_AsGeoJSON({_geometry(layer)}, 6), 'null')" if layer.geometry else "'null'"
    identifier = f"'\"id\":' || to_json({layer.key})::text || ','" if layer.key else "''"
    sql = (
        f'SELECT \'{{"type":"Feature",\' || {identifier} || \'"geometry":\' || {geometry}'
        f" || ',\"properties\":' || {layer.properties_json_sql(channel)}::text || '}}'"
        f"{_from_where(layer, selection)} ORDER BY {layer.order_by}"
    )
    return sql, list(selection.params)


# The area rule for sensitive sites on a map: in the area's communes or within the Decree 54
# distance of them (a school just across the area's edge still counts for a karaoke inside it).
SITES_NEAR_AREA = (
    "%s::bigint[] IS NULL OR EXISTS (SELECT 1 FROM geo_adminunit u"
    " WHERE u.id = ANY(%s::bigint[]) AND u.level = 'commune'"
    " AND ST_DWithin(t.location::geography, u.geom::geography, %s))"
)


def sensitive_sites_near_geojson(*, unit_ids) -> str:
    """The sensitive sites layer's ``page`` features near the units ``unit_ids`` (a user's
    area or chosen communes; None: all), for the inspectors' map and the field package."""
    ids = None if unit_ids is None else sorted(unit_ids)
    selection = Selection()
    selection.add(SITES_NEAR_AREA, ids, ids, settings.SENSITIVE_SITE_DISTANCE_M)
    sql, params = feature_sql(SENSITIVE_SITES, selection, channel="page")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return feature_collection(row[0] for row in cursor.fetchall())


def columns_sql(
    layer: Layer, selection: Selection, *, geometry: str | None, protect: bool = False
) -> tuple[list[str], str, list]:
    """(column names, SQL, params): the properties, then the geometry as ``geometry``
    (one of ``GEOMETRY_COLUMNS``; ignored for a layer without geometry).

    With ``protect`` (a layer with a ``protected_field``) the rows of every group the
    selection touches are read, with four more columns: whether the row was selected,
    whether its indicator is sensitive, its group key and its id."""
    names = layer.property_names(CHANNEL)
    expressions = [f'{f.sql} AS "{f.name}"' for f in layer.fields(CHANNEL)]
    if geometry and layer.geometry:
        geometry_names, templates = GEOMETRY_COLUMNS[geometry]
        names += geometry_names
        expressions += [
            f'{t.format(g=_geometry(layer))} AS "{n}"' for n, t in zip(geometry_names, templates, strict=True)
        ]
    if not protect:
        sql = f"SELECT {', '.join(expressions)}{_from_where(layer, selection)} ORDER BY {layer.order_by}"
        return names, sql, list(selection.params)
    group = ", ".join(layer.group_sql)
    selected = f"SELECT t.id{_from_where(layer, selection)}"
    groups = f"SELECT DISTINCT {group}{_from_where(layer, selection)}"
    sql = (
        f"SELECT {', '.join(expressions)}, t.id IN ({selected}) AS _selected, {layer.sensitive_sql},"  # noqa: S608 - layer constants
        f" ROW({group})::text, t.id FROM {layer.from_sql}"
        f" WHERE {layer.group_base_sql} AND ({group}) IN ({groups})"
        f" ORDER BY {layer.order_by}"
    )
    return names, sql, list(selection.params) * 2


def feature_page(
    layer: Layer, selection: Selection, *, channel: str, offset: int, limit: int
) -> tuple[int, list[str]]:
    """(number of rows selected, the Feature texts of rows ``offset`` to ``offset + limit``)."""
    sql, params = feature_sql(layer, selection, channel=channel)
    with connection.cursor() as cursor:
        cursor.execute(*selection.count_sql(layer.from_sql))
        (matched,) = cursor.fetchone()
        cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
        return matched, [row[0] for row in cursor.fetchall()]


def fetch_chunks(sql: str, params: list, *, size: int | None = None) -> Iterator[list[tuple]]:
    """Rows in chunks (``CHUNK_ROWS``) from a server-side cursor, inside a transaction so
    the cursor is not WITH HOLD (PostgreSQL would otherwise materialise the whole result
    before the first row)."""
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(size or CHUNK_ROWS):
            yield rows


def data_date(layer: Layer, selection: Selection):
    """The date of the newest data in the selection (per the layer), or ``None``."""
    if not layer.data_date_sql:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {layer.data_date_sql}{_from_where(layer, selection)}", selection.params)
        return cursor.fetchone()[0]
