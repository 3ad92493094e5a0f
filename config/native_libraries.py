"""Locate the GDAL, GEOS and PROJ builds bundled in the pyogrio and shapely wheels.

Debian's GDAL 3.6 fails Django's ``gis.W001`` check (GDAL < 3.9 cannot stop a spatial
reference from reading files or reaching the network). The pyogrio wheel bundles a
current GDAL with its PROJ data and shapely bundles GEOS, so GeoDjango loads those
unless ``GDAL_LIBRARY_PATH`` / ``GEOS_LIBRARY_PATH`` name other builds.
"""

import importlib.util
import os
from pathlib import Path

__all__ = ["bundled_data_dir", "bundled_library"]


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def bundled_library(*, package: str, prefix: str) -> str | None:
    """Return the path of the shared library ``prefix*`` shipped in ``<package>.libs``.

    >>> bundled_library(package="shapely", prefix="libgeos_c")  # doctest: +SKIP
    '.../site-packages/shapely.libs/libgeos_c-ac38a227.so.1.20.5'
    """
    root = _package_dir(package)
    if root is None:
        return None
    matches = sorted((root.parent / f"{package}.libs").glob(f"{prefix}-*.so*"))
    return str(matches[0]) if matches else None


def bundled_data_dir(*, package: str, name: str) -> str | None:
    """Return ``<package>/<name>`` (e.g. pyogrio's ``proj_data``) if it exists."""
    root = _package_dir(package)
    if root is None:
        return None
    path = root / name
    return str(path) if path.is_dir() else None


def configure_environment() -> None:
    """Point GDAL at the PROJ and GDAL data that match the bundled library.

    Only fills variables the operator has not set.
    """
    for variable, name in (("PROJ_DATA", "proj_data"), ("GDAL_DATA", "gdal_data")):
        if not os.environ.get(variable):
            path = bundled_data_dir(package="pyogrio", name=name)
            if path:
                os.environ[variable] = path
