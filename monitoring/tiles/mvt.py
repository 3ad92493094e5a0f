"""One vector tile of a layer, built by PostGIS: ``ST_TileEnvelope`` for the tile's box,
``ST_AsMVTGeom`` to clip and quantize, ``ST_AsMVT`` to encode. Polygons are simplified to
about a quarter of a tile pixel first, so low zooms stay small, and clipped with a buffer
so their edges render cleanly across tiles.

A point belongs to exactly one tile: the tile's box is half-open in web mercator
(``xmin <= x < xmax`` and ``ymin < y <= ymax``; tile rows grow southwards, so an edge
belongs to the tile east of it and to the one south of it). A closed box would put a
point on an edge, or one quantized onto it, in both tiles.

The rows are the layer's selection for the user's areas (``Layer.select``) and the
properties the layer's own SQL, so a tile carries the values of every other channel."""

from django.db import connection

from monitoring.layers import Layer

__all__ = ["EXTENT", "tile_bytes", "tile_in_range"]

EXTENT = 4096
BUFFER = 64  # polygons only: their edges render cleanly across tiles; a point is in one tile
WORLD_M = 40_075_016.685578488
# Names and SQL are the layer's constants; values are parameters. The index condition
# (``&&``, a pixel of margin for points) is a superset; the exact box follows it.
TILE_SQL = (
    "SELECT ST_AsMVT(m, %s, {extent}, 'geom') FROM ("
    " SELECT {names}, ST_AsMVTGeom({geometry}, ST_TileEnvelope(%s, %s, %s), {extent}, {buffer}, true) AS geom"
    " FROM {from_sql} WHERE ({where})"
    " AND {column} && ST_Transform(ST_TileEnvelope(%s, %s, %s, margin => %s), 4326)) m"
    " WHERE m.geom IS NOT NULL"
)
POINT_TILE_SQL = (
    "SELECT ST_AsMVT(m, %s, {extent}, 'geom') FROM ("
    " SELECT {names}, ST_AsMVTGeom(tile_point.xy, tile_point.box, {extent}, 0, false) AS geom"
    " FROM {from_sql}"
    " CROSS JOIN LATERAL (SELECT ST_Transform({column}, 3857) AS xy,"
    " ST_TileEnvelope(%s, %s, %s) AS box) tile_point"
    " WHERE ({where})"
    " AND {column} && ST_Transform(ST_TileEnvelope(%s, %s, %s, margin => %s), 4326)"
    " AND ST_X(tile_point.xy) >= ST_XMin(tile_point.box) AND ST_X(tile_point.xy) < ST_XMax(tile_point.box)"
    " AND ST_Y(tile_point.xy) > ST_YMin(tile_point.box) AND ST_Y(tile_point.xy) <= ST_YMax(tile_point.box)) m"
)


def _polygons(layer: Layer) -> bool:
    return bool(layer.geometry_type and layer.geometry_type.endswith("Polygon"))


def _points(layer: Layer) -> bool:
    return layer.geometry_type == "Point"


def _buffer(layer: Layer) -> int:
    return BUFFER if _polygons(layer) else 0


def tile_in_range(z: int, x: int, y: int) -> bool:
    return 0 <= z <= 22 and 0 <= x < 2**z and 0 <= y < 2**z


def tile_sql(layer: Layer, *, where: str) -> str:
    """The tile query of ``layer`` with the selection ``where``; its parameters are
    those of ``tile_params``."""
    names = ", ".join(f'{f.sql} AS "{f.name}"' for f in layer.fields("tile"))
    if _points(layer):
        return POINT_TILE_SQL.format(
            extent=EXTENT, names=names, from_sql=layer.from_sql, where=where, column=layer.geometry
        )
    mercator = f"ST_Transform({layer.geometry}, 3857)"
    return TILE_SQL.format(
        extent=EXTENT,
        buffer=_buffer(layer),
        names=names,
        geometry=f"ST_Simplify({mercator}, %s, true)" if _polygons(layer) else mercator,
        from_sql=layer.from_sql,
        where=where,
        column=layer.geometry,
    )


def tile_params(layer: Layer, *, params: list, z: int, x: int, y: int) -> list:
    pixel = WORLD_M / 2**z / EXTENT
    margin = 1 / EXTENT if _points(layer) else _buffer(layer) / EXTENT
    return [
        layer.name,
        *([pixel / 4] if _polygons(layer) else []),
        z,
        x,
        y,
        *params,
        z,
        x,
        y,
        margin,
    ]


def tile_bytes(layer: Layer, *, scope, z: int, x: int, y: int) -> bytes:
    """The tile ``z/x/y`` of the layer's rows in ``scope`` (None: every row); empty below
    the layer's first zoom."""
    if z < layer.tile_min_zoom:
        return b""
    selection = layer.select({}, scope=scope)
    with connection.cursor() as cursor:
        cursor.execute(
            tile_sql(layer, where=selection.where()),
            tile_params(layer, params=selection.params, z=z, x=x, y=y),
        )
        (data,) = cursor.fetchone()
    return bytes(data) if data else b""
