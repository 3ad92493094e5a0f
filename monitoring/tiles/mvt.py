"""One vector tile of a layer, built by PostGIS: ``ST_TileEnvelope`` for the tile's box,
``ST_AsMVTGeom`` to clip and quantize, ``ST_AsMVT`` to encode. Polygons are simplified to
about a quarter of a tile pixel first, so low zooms stay small."""

from django.db import connection
from django.db.models import BooleanField, QuerySet, TextField
from django.db.models.expressions import RawSQL

from geo.areas import Area
from monitoring.ogc.query import property_sql, rows_sql
from monitoring.tiles.layers import TileLayer

__all__ = ["EXTENT", "tile_bytes", "tile_in_range"]

EXTENT = 4096
BUFFER = 64  # polygons only: their edges render cleanly across tiles; a point is in one tile
WORLD_M = 40_075_016.685578488
# Names are the layer's property names (constants); values are parameters.
TILE_SQL = (
    "SELECT ST_AsMVT(m, %s, {extent}, 'geom') FROM ("
    " SELECT {names}, ST_AsMVTGeom({geometry}, ST_TileEnvelope(%s, %s, %s), {extent}, {buffer}, true) AS geom"
    " FROM ({rows}) t) m WHERE m.geom IS NOT NULL"
)


def _buffer(layer: TileLayer) -> int:
    return BUFFER if layer.polygons else 0


def tile_in_range(z: int, x: int, y: int) -> bool:
    return 0 <= z <= 22 and 0 <= x < 2**z and 0 <= y < 2**z


def _in_tile(layer: TileLayer, z: int, x: int, y: int) -> RawSQL:
    """The row's geometry meets the tile (with its buffer), as an index-friendly ``&&``."""
    table = layer.collection.rows(Area.everything()).model._meta.db_table
    column = f'"{table}"."{layer.collection.geometry}"'
    margin = _buffer(layer) / EXTENT
    return RawSQL(  # noqa: S611 - a column name of the model, values as parameters
        f"{column} && ST_Transform(ST_TileEnvelope(%s, %s, %s, margin => %s), 4326)",
        (z, x, y, margin),
        output_field=BooleanField(),
    )


def tile_bytes(layer: TileLayer, rows: QuerySet, *, z: int, x: int, y: int) -> bytes:
    """The tile ``z/x/y`` of ``rows`` (already limited to the user's area); empty below
    the layer's first zoom."""
    if z < layer.min_zoom:
        return b""
    pixel = WORLD_M / 2**z / EXTENT
    inner, params = rows_sql(
        layer.collection,
        rows.filter(_in_tile(layer, z, x, y)),
        layer.properties,
        g=RawSQL(  # noqa: S611 - the model's own column
            f'"{rows.model._meta.db_table}"."{layer.collection.geometry}"',
            (),
            output_field=TextField(),  # not a GeometryField: no ::bytea around it
        ),
    )
    mercator = "ST_Transform(t.g, 3857)"
    simplified = f"ST_Simplify({mercator}, %s, true)" if layer.polygons else mercator
    properties = property_sql(layer.collection, layer.properties, as_text=True)
    names = ", ".join(f'{sql} AS "{name}"' for name, sql in properties.items())
    sql = TILE_SQL.format(extent=EXTENT, buffer=_buffer(layer), names=names, geometry=simplified, rows=inner)
    args = [layer.name, *([pixel / 4] if layer.polygons else []), z, x, y, *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        (data,) = cursor.fetchone()
    return bytes(data) if data else b""
