"""Where people live in the demo province: towns and a population density field
(pure numpy, no Django). Coordinates are WGS 84 degrees; distances are approximate
kilometres, which is all a synthetic density needs."""

import numpy as np

__all__ = ["TOWNS", "density_per_km2", "km_between", "town_proximity"]

# Town centres of the Quảng Nam–like demo area (lon, lat, weight).
TOWNS = [
    (108.48, 15.57, 1.0),
    (108.33, 15.88, 0.9),
    (108.25, 15.89, 0.7),
    (108.65, 15.42, 0.6),
    (108.37, 15.73, 0.5),
    (107.80, 15.45, 0.3),
    (107.83, 15.76, 0.3),
    (108.23, 15.35, 0.25),
]
KM_PER_DEGREE = 111.32


def km_between(x, y, lon: float, lat: float):
    """Approximate distance in km from points (x, y) to (lon, lat)."""
    dx = (np.asarray(x) - lon) * KM_PER_DEGREE * np.cos(np.radians(lat))
    dy = (np.asarray(y) - lat) * KM_PER_DEGREE
    return np.hypot(dx, dy)


def town_proximity(x, y):
    """0 far from every town, up to ~1 at a town centre."""
    near = np.zeros_like(np.asarray(x, dtype=float))
    for lon, lat, weight in TOWNS:
        near = np.maximum(near, weight * np.exp(-((km_between(x, y, lon, lat) / 6.0) ** 2)))
    return near


def coastal_plain(x, y):
    """0 in the western mountains, 1 on the coastal plain (east of ~108.2°E)."""
    return 1.0 / (1.0 + np.exp(-(np.asarray(x) - 108.15) / 0.06))


def density_per_km2(x, y):
    """Residents per km²: sparse mountains, a populated plain, dense towns."""
    return 20 + 130 * coastal_plain(x, y) + 1600 * town_proximity(x, y)


def seed_weight(x, y):
    """Relative chance of a commune seed: more, smaller communes where people live."""
    return 0.12 + 0.5 * coastal_plain(x, y) + 0.9 * town_proximity(x, y) ** 0.5
