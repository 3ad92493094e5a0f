"""Split a province outline into communes grouped into districts, with no gaps or
overlaps (pure shapely, no Django).

Commune cells are Voronoi cells of seed points, denser where people live. All cell
edges and the outline are noded together and polygonised, and every commune is the
union of its faces, so neighbours share exactly the same boundary vertices.
"""

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPoint, MultiPolygon, Polygon
from shapely.ops import polygonize, unary_union

__all__ = ["Cell", "seed_points", "tile"]


@dataclass(frozen=True)
class Cell:
    """One commune: its seed point, polygon and the index of its district."""

    seed: tuple[float, float]
    geom: MultiPolygon
    district: int


def seed_points(outline: Polygon, *, count: int, density, rng: np.random.Generator) -> np.ndarray:
    """``count`` points inside ``outline``, drawn with probability ∝ ``density(x, y)``.

    ``density`` takes coordinate arrays and returns relative weights in [0, 1].
    """
    minx, miny, maxx, maxy = outline.bounds
    shapely.prepare(outline)
    chosen: list[np.ndarray] = []
    while sum(len(c) for c in chosen) < count:
        x = rng.uniform(minx, maxx, 4000)
        y = rng.uniform(miny, maxy, 4000)
        keep = shapely.contains_xy(outline, x, y) & (rng.uniform(0, 1, 4000) < density(x, y))
        chosen.append(np.column_stack([x[keep], y[keep]]))
    return np.concatenate(chosen)[:count]


def _faces(outline: Polygon, cells: list[Polygon]) -> list[Polygon]:
    lines = unary_union([outline.boundary] + [cell.boundary for cell in cells])
    faces = [face for face in polygonize(lines) if face.area > 0]
    inside = shapely.contains(outline, [face.representative_point() for face in faces])
    return [face for face, ok in zip(faces, inside, strict=True) if ok]


def _districts(seeds: np.ndarray, n_districts: int) -> np.ndarray:
    """Group seeds by farthest-point sampling then nearest district centre."""
    centres = [0]
    distance = np.hypot(*(seeds - seeds[0]).T)
    for _ in range(1, n_districts):
        centres.append(int(distance.argmax()))
        distance = np.minimum(distance, np.hypot(*(seeds - seeds[centres[-1]]).T))
    centre_xy = seeds[centres]
    return np.argmin(
        np.hypot(seeds[:, None, 0] - centre_xy[None, :, 0], seeds[:, None, 1] - centre_xy[None, :, 1]),
        axis=1,
    )


def tile(outline: Polygon, seeds: np.ndarray, *, n_districts: int) -> list[Cell]:
    """Communes tiling ``outline`` exactly, one per seed, grouped into districts.

    Seeds whose Voronoi cell falls entirely outside the outline are dropped.
    """
    points = MultiPoint([tuple(p) for p in seeds])
    voronoi = shapely.voronoi_polygons(points, extend_to=outline.envelope.buffer(0.1))
    cells = list(voronoi.geoms)
    owner_of = {}
    for face in _faces(outline, cells):
        probe = face.representative_point()
        owner = next(i for i, cell in enumerate(cells) if cell.covers(probe))
        owner_of.setdefault(owner, []).append(face)
    seed_index = [
        next(j for j, p in enumerate(points.geoms) if cells[i].covers(p)) for i in range(len(cells))
    ]
    districts = _districts(seeds, n_districts)
    result = []
    for cell_index in sorted(owner_of, key=lambda i: (seeds[seed_index[i]][1], seeds[seed_index[i]][0])):
        merged = unary_union(owner_of[cell_index])
        geom = merged if isinstance(merged, MultiPolygon) else MultiPolygon([merged])
        j = seed_index[cell_index]
        result.append(
            Cell(seed=(float(seeds[j][0]), float(seeds[j][1])), geom=geom, district=int(districts[j]))
        )
    return result
