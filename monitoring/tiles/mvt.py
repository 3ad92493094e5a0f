"""One vector tile of a layer, built by PostGIS: ``ST_TileEnvelope`` for the tile's box,
``ST_AsMVTGeom`` to clip and quantize, ``ST_AsMVT`` to encode. Polygons are simplified to
about a quarter of a tile pixel first, so low zooms stay small.

The rows are the layer's selection for the user's areas (``Layer.select``) and the
properties the layer's own SQL, so a tile carries the values of every other channel."""

from django.db import connection

from monitoring.layers import Layer

__all__ = ["EXTENT", "tile_bytes", "tile_in_range"]

EXTENT = 4096
BUFFER = 64  # polygons only: their edges render cleanly across tiles; a point is in one tile
WORLD_M = 40_075_016.685578488
# Names and SQL are the layer's constants; values are parameters.
TILE_SQL = (
    "SELECT ST_AsMVT(m, %s, {extent}, 'geom') FROM ("
    " SELECT {names}, ST_AsMVTGeom({geometry}, ST_TileEnvelope(%s, %s, %s), {extent}, {buffer}, true) AS geom"
    " FROM {from_sql} WHERE ({where})"
    " AND {column} && ST_Transform(ST_TileEnvelope(%s, %s, %s, margin => %s), 4326)) m"
    " WHERE m.geom IS NOT NULL"
)


def _polygons(layer: Layer) -> bool:
    return bool(layer.geometry_type and layer.geometry_type.endswith("Polygon"))


def _buffer(layer: Layer) -> int:
    return BUFFER if _polygons(layer) else 0


def tile_in_range(z: int, x: int, y: int) -> bool:
    return 0 <= z <= 22 and 0 <= x < 2**z and 0 <= y < 2**z


def tile_bytes(layer: Layer, *, scope, z: int, x: int, y: int) -> bytes:
    """The tile ``z/x/y`` of the layer's rows in ``scope`` (None: every row); empty below
    the layer's first zoom."""
    if z < layer.tile_min_zoom:
        return b""
    selection = layer.select({}, scope=scope)
    pixel = WORLD_M / 2**z / EXTENT
    mercator = f"ST_Transform({layer.geometry}, 3857)"
    simplified = f"ST_Simplify({mercator}, %s, true)" if _polygons(layer) else mercator
    names = ", ".join(f'{f.sql} AS "{f.name}"' for f in layer.fields("tile"))
    sql = TILE_SQL.format(
        extent=EXTENT,
        buffer=_buffer(layer),
        names=names,
        geometry=simplified,
        from_sql=layer.from_sql,
        where=selection.where(),
        column=layer.geometry,
    )
    args = [
        layer.name,
        *([pixel / 4] if _polygons(layer) else []),
        z,
        x,
        y,
        *selection.params,
        z,
        x,
        y,
        _buffer(layer) / EXTENT,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        (data,) = cursor.fetchone()
    return bytes(data) if data else b""
