"""The tile layers: the layers of ``monitoring.layers`` offered on the ``tile`` channel,
with the properties that channel carries (``Field.omit``) and the layer's first zoom.
The SQL around them is in ``monitoring.tiles.mvt``."""

from monitoring.layers import LAYERS, Layer

__all__ = ["TILE_LAYERS"]

TILE_LAYERS: dict[str, Layer] = {name: layer for name, layer in LAYERS.items() if layer.offered("tile")}
