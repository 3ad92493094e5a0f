"""Where the national data set's establishments stand: plain numpy and shapely (no
Django). 70 % cluster around towns, the rest anywhere on the land."""

import numpy as np
import shapely

from bench.national.constants import CLUSTERED_SHARE, N_ESTABLISHMENTS, N_OTHER_TOWNS, TOWNS

__all__ = ["establishment_points"]


def establishment_points(vn, rng) -> np.ndarray:
    """``N_ESTABLISHMENTS`` (lon, lat) points on the land."""
    minx, miny, maxx, maxy = vn.bounds

    def on_land(xy):
        return xy[shapely.contains_xy(vn, xy[:, 0], xy[:, 1])]

    others = []
    while sum(len(o) for o in others) < N_OTHER_TOWNS:
        others.append(on_land(rng.uniform((minx, miny), (maxx, maxy), (200, 2))))
    others = np.vstack(others)[:N_OTHER_TOWNS]
    centres = np.vstack([np.array([t[:2] for t in TOWNS]), others])
    named_share = np.array([t[2] for t in TOWNS])
    shares = np.concatenate([named_share, np.full(N_OTHER_TOWNS, (1 - named_share.sum()) / N_OTHER_TOWNS)])
    spreads = np.concatenate([[t[3] for t in TOWNS], rng.uniform(0.02, 0.06, N_OTHER_TOWNS)])
    n_clustered = int(N_ESTABLISHMENTS * CLUSTERED_SHARE)
    points = []
    while sum(len(p) for p in points) < n_clustered:
        which = rng.choice(len(centres), 400_000, p=shares)
        xy = centres[which] + rng.normal(0, 1, (400_000, 2)) * spreads[which, None]
        points.append(on_land(xy))
    clustered = np.vstack(points)[:n_clustered]
    points = []
    n_spread = N_ESTABLISHMENTS - n_clustered
    while sum(len(p) for p in points) < n_spread:
        points.append(on_land(rng.uniform((minx, miny), (maxx, maxy), (1_000_000, 2))))
    spread = np.vstack(points)[:n_spread]
    xy = np.vstack([clustered, spread])
    return xy[rng.permutation(len(xy))]
