"""Simplify a set of polygons that tile an area so that neighbours keep sharing their
boundary exactly: no gaps or slivers appear at any zoom (pure shapely, no Django).

Uses GEOS's coverage simplification (``shapely.coverage_simplify``, GEOS ≥ 3.12),
which simplifies each shared edge once for both sides.
"""

import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["simplify_coverage"]


def simplify_coverage(geoms: list[BaseGeometry], *, tolerance: float, decimals: int = 5) -> list:
    """Simplified copies of ``geoms`` (a valid coverage) with coordinates rounded to
    ``decimals``; shared boundaries stay identical vertex for vertex."""
    if not geoms:
        return []
    simplified = shapely.coverage_simplify(list(geoms), tolerance, simplify_boundary=True)
    grid = 10.0**-decimals
    return list(shapely.set_precision(simplified, grid, mode="pointwise"))
