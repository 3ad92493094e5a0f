"""OGC API – Features (Part 1 core with GeoJSON and OpenAPI 3.0, Part 2 CRS) at ``/ogc/``.

Written here rather than taken from a library: pygeoapi is a Flask/Starlette server of its
own, and the Django packages serialize features in Python; here each page is one PostGIS
query that builds the GeoJSON (plus one count), with the requesting user's area applied."""
