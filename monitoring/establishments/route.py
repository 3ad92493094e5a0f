"""A visiting order for an inspection round: pure maths, no Django.

Points are (longitude, latitude) in degrees. The round starts at ``start`` and ends at
the last establishment visited (an open path: the team does not have to come back).
Distances are great-circle metres (haversine on a sphere of the Earth's mean radius),
close enough to road order for a few kilometres of town. The order is built by nearest
neighbour, then improved by 2-opt (reverse a stretch of the path whenever that makes it
shorter) and or-opt (move a stretch of up to three stops elsewhere) until neither
helps. This is repeated from the nearest neighbour paths that begin at each of the
``RESTARTS`` stops closest to the start (for up to ``RESTARTS_UP_TO`` stops; above,
from the nearest neighbour path only), and the shortest result is kept; the plain
nearest neighbour path is one of them, so the order is never longer than it.
"""

import math

from django.utils.translation import gettext as _

from core.errors import BadInput

__all__ = [
    "EARTH_RADIUS_M",
    "RESTARTS",
    "RESTARTS_UP_TO",
    "haversine_m",
    "nearest_neighbour_order",
    "route_length_m",
    "route_order",
]

EARTH_RADIUS_M = 6_371_008.8
_EPSILON_M = 1e-7
RESTARTS = 8
RESTARTS_UP_TO = 60  # stops; above, one start only, to stay fast

Coordinate = tuple[float, float]


def haversine_m(a: Coordinate, b: Coordinate) -> float:
    """Great-circle distance in metres between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def route_length_m(*, start: Coordinate, points: list[Coordinate], order: list[int]) -> float:
    """Length in metres of the open path from ``start`` through ``points`` in ``order``."""
    path = [start] + [points[i] for i in order]
    return sum(haversine_m(path[k], path[k + 1]) for k in range(len(path) - 1))


def _matrix(start: Coordinate, points: list[Coordinate]) -> list[list[float]]:
    """Distances between nodes: node 0 is the start, node i + 1 is ``points[i]``."""
    nodes = [start, *points]
    return [[haversine_m(a, b) for b in nodes] for a in nodes]


def _nearest_neighbour(d: list[list[float]], first: int | None = None) -> list[int]:
    """Node sequence starting at node 0 (then ``first`` if given), always going on to the
    closest unvisited node."""
    unvisited = set(range(1, len(d)))
    path = [0]
    if first is not None:
        unvisited.remove(first)
        path.append(first)
    while unvisited:
        here = path[-1]
        following = min(unvisited, key=lambda node: (d[here][node], node))
        unvisited.remove(following)
        path.append(following)
    return path


def _two_opt(d: list[list[float]], path: list[int]) -> list[int]:
    """Reverse ``path[i:j + 1]`` while that shortens the open path; node 0 stays first."""
    path = list(path)
    last = len(path) - 1
    improved = True
    while improved:
        improved = False
        for i in range(1, last):
            for j in range(i + 1, last + 1):
                before = d[path[i - 1]][path[i]]
                after = d[path[i - 1]][path[j]]
                if j < last:
                    before += d[path[j]][path[j + 1]]
                    after += d[path[i]][path[j + 1]]
                if after < before - _EPSILON_M:
                    path[i : j + 1] = reversed(path[i : j + 1])
                    improved = True
    return path


def _or_opt(d: list[list[float]], path: list[int]) -> list[int]:
    """Move a stretch of one to three stops (either way round) to wherever it shortens the
    open path most; repeat while a move helps. Node 0 stays first."""
    path = list(path)
    improved = True
    while improved:
        improved = False
        for size in (1, 2, 3):
            for i in range(1, len(path) - size + 1):
                segment = path[i : i + size]
                rest = path[:i] + path[i + size :]
                removed = d[path[i - 1]][segment[0]] - (
                    d[path[i - 1]][path[i + size]] if i + size < len(path) else 0.0
                )
                if i + size < len(path):
                    removed += d[segment[-1]][path[i + size]]
                removed += sum(d[segment[k]][segment[k + 1]] for k in range(size - 1))
                best, where = removed - _EPSILON_M, None
                for p in range(len(rest)):
                    for piece in (segment, segment[::-1]):
                        added = d[rest[p]][piece[0]] + sum(d[piece[k]][piece[k + 1]] for k in range(size - 1))
                        if p + 1 < len(rest):
                            added += d[piece[-1]][rest[p + 1]] - d[rest[p]][rest[p + 1]]
                        if added < best:
                            best, where = added, (p, piece)
                if where is not None:
                    p, piece = where
                    path = rest[: p + 1] + list(piece) + rest[p + 1 :]
                    improved = True
    return path


def _improve(d: list[list[float]], path: list[int]) -> list[int]:
    """2-opt and or-opt in turn until neither shortens the path."""
    while True:
        before = _length(d, path)
        path = _or_opt(d, _two_opt(d, path))
        if _length(d, path) >= before - _EPSILON_M:
            return path


def _length(d: list[list[float]], path: list[int]) -> float:
    return sum(d[path[k]][path[k + 1]] for k in range(len(path) - 1))


def nearest_neighbour_order(*, start: Coordinate, points: list[Coordinate]) -> list[int]:
    """Indexes of ``points`` in nearest-neighbour order from ``start`` (no improvement)."""
    return [node - 1 for node in _nearest_neighbour(_matrix(start, points))[1:]]


def route_order(*, start: Coordinate, points: list[Coordinate]) -> list[int]:
    """Indexes of ``points`` in a short visiting order from ``start``: each exactly once."""
    for lon, lat in [start, *points]:
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise BadInput(
                _("(%(lon)s, %(lat)s) is not a longitude/latitude in degrees; check the point.")
                % {"lon": lon, "lat": lat},
                value=f"{lon},{lat}",
            )
    if not points:
        return []
    d = _matrix(start, points)
    restarts = RESTARTS if len(points) <= RESTARTS_UP_TO else 1
    firsts = sorted(range(1, len(d)), key=lambda node: (d[0][node], node))[:restarts]
    best = _improve(d, _nearest_neighbour(d))
    for first in firsts[1:]:
        candidate = _improve(d, _nearest_neighbour(d, first))
        if _length(d, candidate) < _length(d, best) - _EPSILON_M:
            best = candidate
    return [node - 1 for node in best[1:]]
