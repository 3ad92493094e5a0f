"""Importing administrative boundaries from Shapefile, GeoPackage, GeoJSON and KML files.

Modules, in the order a file goes through them: :mod:`reader` (open the file, whatever
its format), :mod:`crs` (which coordinate system, refusing implausible ones),
:mod:`encodings` (legacy Vietnamese fonts to Unicode), :mod:`validate` (every feature
checked, geometries repaired or refused), :mod:`versioning` (boundary versions, the
crosswalk and derived facts) and :mod:`service` (the one entry point, all or nothing).
"""
