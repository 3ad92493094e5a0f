"""Mapbox vector tiles (``ST_AsMVT``) of communes and establishments at ``/tiles/``."""
