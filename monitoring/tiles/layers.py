"""The tile layers: the user's rows, the properties (the contract's names) and how a
geometry is prepared for a zoom. The SQL around them is in ``monitoring.tiles.mvt``."""

from django.db.models import F, Func

from monitoring.ogc.collections import COLLECTIONS

__all__ = ["TILE_LAYERS", "TileLayer"]


class TileLayer:
    """A collection of the OGC API served as tiles (same rows, same property names)."""

    def __init__(self, name: str, *, properties: tuple[str, ...], min_zoom: int = 0) -> None:
        self.collection = COLLECTIONS[name]
        self.name = name
        self.properties = properties
        self.min_zoom = min_zoom

    @property
    def permission(self) -> str:
        return self.collection.permission

    def geometry(self):
        return F(self.collection.geometry)

    @property
    def polygons(self) -> bool:
        return self.collection.geometry_type.endswith("Polygon")


class Round(Func):
    function = "ROUND"


TILE_LAYERS = {
    layer.name: layer
    for layer in (
        TileLayer(
            "communes",
            properties=(
                "code",
                "name",
                "level",
                "parent_code",
                "population",
                "area_m2",
                "is_border",
                "border_distance_m",
            ),
        ),
        TileLayer(
            "establishments",
            properties=("id", "name", "type", "commune_code", "prone", "status", "last_inspected"),
            # A province holds tens of thousands: below zoom 10 a tile would weigh megabytes
            # (the maps cluster them from the establishment filter instead).
            min_zoom=10,
        ),
    )
}
