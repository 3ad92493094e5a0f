"""The TileJSON 3.0 document of a tile layer (https://github.com/mapbox/tilejson-spec):
the account's keyed tile URL, the zooms and properties from the layer registry and the
bounds of the account's area, so a client never builds a tile URL by hand."""

from django.contrib.gis.db.models import Extent

from geo.areas import Area
from geo.models import AdminUnit
from monitoring.layers import Layer
from monitoring.tiles.keys import tile_key

__all__ = ["WORLD_BOUNDS", "area_bounds", "tilejson_document"]

WORLD_BOUNDS = [-180.0, -85.051129, 180.0, 85.051129]


def area_bounds(area: Area) -> list[float]:
    """``[west, south, east, north]`` of the area's roots (every unit lies inside one), or
    of the top-level units for everything; the whole world for an empty area."""
    if area.is_empty:
        return WORLD_BOUNDS
    units = AdminUnit.current.filter(parent__isnull=True) if area.is_everything else AdminUnit.objects
    if not area.is_everything:
        units = units.filter(pk__in=area.roots)
    extent = units.aggregate(extent=Extent("geom"))["extent"]
    return [round(v, 6) for v in extent] if extent else WORLD_BOUNDS


def tilejson_document(layer: Layer, *, user, tiles_url: str) -> dict:
    """TileJSON of ``layer`` for ``user``; ``tiles_url`` is the absolute ``/tiles/`` URL."""
    template = f"{tiles_url}{layer.name}/{tile_key(user)}/{{z}}/{{x}}/{{y}}.pbf"
    zooms = {"minzoom": layer.tile_min_zoom, "maxzoom": layer.tile_max_zoom}
    return {
        "tilejson": "3.0.0",
        "name": layer.name,
        "description": str(layer.title),
        "attribution": str(layer.attribution),
        "scheme": "xyz",
        "tiles": [template],
        **zooms,
        "bounds": area_bounds(Area.of(user)),
        "vector_layers": [
            {
                "id": layer.name,
                "description": str(layer.description or layer.title),
                **zooms,
                "fields": {f.name: f"{f.type}: {f.label}" for f in layer.fields("tile")},
            }
        ],
    }
