"""The two boundary versions of the national data set, as plain shapely geometry (no
Django): the pre-2025 three-tier layout (63 provinces, ~800 districts, ~10,600 communes
tiling Vietnam's land) and the two-tier layout from 1 July 2025 (34 provinces, 3,321
communes) built from it the way the 2025 reform did: provinces merged, mostly in pairs;
communes merged in groups of about three adjacent old ones; a few old communes split
between two new ones. The crosswalk is not computed here: PostGIS derives it from these
shapes by area overlap, as it would for real boundary files.
"""

import json
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, shape

from bench.national.constants import (
    CELL,
    DISTRICT_CELLS,
    NEW_COMMUNES,
    NEW_DAC_KHU,
    NEW_PHUONG,
    NEW_PROVINCES,
    OLD_PROVINCES,
    ROOT,
    SPLIT_SHARE,
)

__all__ = ["Layout", "Unit", "land", "new_layout", "old_layout"]


@dataclass
class Unit:
    code: str
    name: str
    level: str
    kind: str
    parent: str | None
    geom: MultiPolygon
    population: int | None = None


@dataclass
class Layout:
    provinces: list[Unit] = field(default_factory=list)
    districts: list[Unit] = field(default_factory=list)
    communes: list[Unit] = field(default_factory=list)

    def units(self) -> list[Unit]:
        return self.provinces + self.districts + self.communes


def square_around(lon: float, lat: float, width_m: float) -> tuple[float, float, float, float]:
    """The box ``width_m`` wide centred on ``lon, lat``: minlon, minlat, maxlon, maxlat."""
    half_lat = width_m / 2 / 110_700
    half_lon = width_m / 2 / (111_320 * np.cos(np.radians(lat)))
    return lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat


def land():
    """Vietnam's land outline (the offline basemap's country polygon)."""
    features = json.loads((ROOT / "fixtures" / "osm" / "region_countries.geojson").read_text())["features"]
    geom = next(shape(f["geometry"]) for f in features if f["properties"]["iso3"] == "VNM")
    shapely.prepare(geom)
    return geom


def polygonal(geom) -> MultiPolygon | None:
    """The polygons of a geometry as a valid MultiPolygon, or None."""
    if geom is None or geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon") and p.area > 0]
    parts = [q for p in parts for q in shapely.get_parts(p)]
    if not parts:
        return None
    multi = MultiPolygon(parts)
    return multi if multi.is_valid else polygonal(shapely.make_valid(multi))


def _union(geoms) -> MultiPolygon:
    return polygonal(shapely.union_all(list(geoms)))


def _hilbert(i: np.ndarray, j: np.ndarray, order: int = 16) -> np.ndarray:
    """Position of integer grid cells along a Hilbert curve: consecutive cells are
    neighbours, so consecutive runs make compact groups."""
    x, y = i.astype(np.int64).copy(), j.astype(np.int64).copy()
    d = np.zeros_like(x)
    n = 1 << order
    s = n >> 1
    while s > 0:
        rx = (x & s) > 0
        ry = (y & s) > 0
        d += s * s * ((3 * rx) ^ ry)
        # rotate the quadrant
        flip = ~ry
        swap_x = np.where(flip & rx, n - 1 - x, x)
        swap_y = np.where(flip & rx, n - 1 - y, y)
        x, y = np.where(flip, swap_y, swap_x), np.where(flip, swap_x, swap_y)
        s >>= 1
    return d


def _kmeans(xy: np.ndarray, k: int, rng, iterations: int = 30) -> np.ndarray:
    """Cluster label of each point (Lloyd's algorithm, seeded; no empty cluster)."""
    centres = xy[rng.choice(len(xy), k, replace=False)]
    for _ in range(iterations):
        labels = np.argmin(((xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
        for c in range(k):
            members = xy[labels == c]
            centres[c] = members.mean(axis=0) if len(members) else xy[rng.integers(len(xy))]
    return np.argmin(((xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)


def old_layout(vn, rng) -> Layout:
    """Communes are grid cells cut by the land, districts blocks of cells, provinces
    groups of neighbouring districts (k-means on district centres)."""
    size = CELL * DISTRICT_CELLS
    minx, miny, maxx, maxy = vn.bounds
    x0, y0 = np.floor(minx / size) * size, np.floor(miny / size) * size
    ni, nj = int(np.ceil((maxx - x0) / size)), int(np.ceil((maxy - y0) / size))
    districts = []  # (geometry, [commune geometries], (i, j) of each commune cell)
    for dj in reversed(range(nj)):
        for di in range(ni):
            dx, dy = x0 + di * size, y0 + dj * size
            dgeom = polygonal(vn.intersection(shapely.box(dx, dy, dx + size, dy + size)))
            if dgeom is None:
                continue
            cj, ci = np.mgrid[DISTRICT_CELLS - 1 : -1 : -1, 0:DISTRICT_CELLS]
            cx, cy = dx + ci.ravel() * CELL, dy + cj.ravel() * CELL
            cells = shapely.intersection(dgeom, shapely.box(cx, cy, cx + CELL, cy + CELL))
            kept = [
                (g, (di * DISTRICT_CELLS + a, dj * DISTRICT_CELLS + b))
                for g, a, b in zip((polygonal(c) for c in cells), ci.ravel(), cj.ravel(), strict=True)
                if g is not None
            ]
            if kept:
                districts.append((dgeom, kept))
    centres = np.array([[g.centroid.x, g.centroid.y] for g, _ in districts])
    province_of = _kmeans(centres, OLD_PROVINCES, rng)
    # Province codes north to south, as official codes are read.
    order = sorted(range(OLD_PROVINCES), key=lambda p: -centres[province_of == p][:, 1].mean())
    layout = Layout()
    kinds = rng.choice(["xa", "phuong", "thi_tran"], 20_000, p=[0.8, 0.15, 0.05])
    for rank, p in enumerate(order, start=1):
        pcode = f"BP{rank:02d}"
        members = [d for d, label in zip(districts, province_of, strict=True) if label == p]
        layout.provinces.append(
            Unit(pcode, f"Tỉnh {pcode[2:]}", "province", "", None, _union(g for g, _ in members))
        )
        for dgeom, communes in members:
            dcode = f"BD{len(layout.districts) + 1:04d}"
            layout.districts.append(Unit(dcode, f"Huyện {dcode[2:]}", "district", "", pcode, dgeom))
            for geom, cell in communes:
                n = len(layout.communes)
                ccode = f"BX{n + 1:05d}"
                unit = Unit(ccode, f"Xã {ccode[2:]}", "commune", str(kinds[n]), dcode, geom)
                unit.cell = cell
                layout.communes.append(unit)
    return layout


def _pairs(provinces: list[Unit], merges: int) -> list[list[int]]:
    """``merges`` disjoint pairs of nearby provinces (closest centres first), the rest
    alone: the new provinces as lists of old province indexes."""
    centres = np.array([[p.geom.centroid.x, p.geom.centroid.y] for p in provinces])
    distance = np.sqrt(((centres[:, None] - centres[None]) ** 2).sum(axis=2))
    candidates = sorted(
        (distance[a, b], a, b) for a in range(len(provinces)) for b in range(a + 1, len(provinces))
    )
    paired, groups = set(), []
    for _, a, b in candidates:
        if len(groups) == merges:
            break
        if a not in paired and b not in paired and provinces[a].geom.distance(provinces[b].geom) < 1e-9:
            paired |= {a, b}
            groups.append([a, b])
    groups += [[i] for i in range(len(provinces)) if i not in paired]
    # A province left without a free neighbour joins the smallest touching pair (the
    # reform merged some provinces in threes).
    while len(groups) > len(provinces) - merges:
        alone = next(g for g in groups if len(g) == 1 and len(groups) > len(provinces) - merges)
        touching = [
            g
            for g in groups
            if g is not alone and any(provinces[alone[0]].geom.distance(provinces[i].geom) < 1e-9 for i in g)
        ]
        if not touching:
            break
        min(touching, key=len).extend(alone)
        groups.remove(alone)
    return sorted(groups, key=lambda g: min(g))


def _half_towards(geom, towards) -> tuple:
    """Split ``geom`` through its centre: (the half facing ``towards``, the other half)."""
    c = geom.centroid
    minx, miny, maxx, maxy = geom.bounds
    dx, dy = towards.x - c.x, towards.y - c.y
    if abs(dx) >= abs(dy):
        box = shapely.box(c.x, miny, maxx, maxy) if dx > 0 else shapely.box(minx, miny, c.x, maxy)
    else:
        box = shapely.box(minx, c.y, maxx, maxy) if dy > 0 else shapely.box(minx, miny, maxx, c.y)
    return polygonal(geom.intersection(box)), polygonal(geom.difference(box))


def new_layout(old: Layout, rng) -> tuple[Layout, dict]:
    """The 2025 layout built from ``old``, and facts about how it was built."""
    merges = OLD_PROVINCES - NEW_PROVINCES
    groups = _pairs(old.provinces, merges)
    district_province = {d.code: d.parent for d in old.districts}
    new_of_old = {old.provinces[i].code: g for g, members in enumerate(groups) for i in members}
    communes_by_new: list[list[Unit]] = [[] for _ in groups]
    for c in old.communes:
        communes_by_new[new_of_old[district_province[c.parent]]].append(c)
    # Communes per new province in proportion to its old communes, summing to NEW_COMMUNES.
    sizes = np.array([len(c) for c in communes_by_new], dtype=float)
    quota = sizes / sizes.sum() * NEW_COMMUNES
    counts = np.floor(quota).astype(int)
    for i in np.argsort(-(quota - counts))[: NEW_COMMUNES - counts.sum()]:
        counts[i] += 1
    layout, splits = Layout(), 0
    for g, members in enumerate(groups):
        pcode = f"NP{g + 1:02d}"
        geom = _union(old.provinces[i].geom for i in members)
        names = " – ".join(old.provinces[i].name.removeprefix("Tỉnh ") for i in members)
        layout.provinces.append(
            Unit(
                pcode,
                f"Tỉnh {names}" if len(members) > 1 else old.provinces[members[0]].name + " (2025)",
                "province",
                "",
                None,
                geom,
            )
        )
        olds = communes_by_new[g]
        cells = np.array([c.cell for c in olds])
        olds = [olds[i] for i in np.argsort(_hilbert(cells[:, 0], cells[:, 1]), kind="stable")]
        chunks = [list(c) for c in np.array_split(np.arange(len(olds)), counts[g])]
        pieces: list[list] = [[olds[i].geom for i in chunk] for chunk in chunks]
        for a in range(len(chunks) - 1):
            if rng.random() < SPLIT_SHARE and len(chunks[a]) > 1:
                last, nxt = olds[chunks[a][-1]], olds[chunks[a + 1][0]]
                towards, stays = _half_towards(last.geom, nxt.geom.centroid)
                if towards is not None and stays is not None:
                    pieces[a][-1] = stays
                    pieces[a + 1].append(towards)
                    splits += 1
        for chunk_pieces in pieces:
            code = f"NX{len(layout.communes) + 1:05d}"
            layout.communes.append(Unit(code, f"Xã {code[2:]}", "commune", "xa", pcode, _union(chunk_pieces)))
    kinds = np.array(["xa"] * len(layout.communes), dtype=object)
    chosen = rng.permutation(len(layout.communes))
    kinds[chosen[:NEW_PHUONG]] = "phuong"
    kinds[chosen[NEW_PHUONG : NEW_PHUONG + NEW_DAC_KHU]] = "dac_khu"
    for unit, kind in zip(layout.communes, kinds, strict=True):
        unit.kind = str(kind)
        if kind == "phuong":
            unit.name = f"Phường {unit.code[2:]}"
        elif kind == "dac_khu":
            unit.name = f"Đặc khu {unit.code[2:]}"
    sizes = [len(g) for g in groups]
    facts = {
        "new_provinces_from_1_2_3_old": [sizes.count(1), sizes.count(2), sizes.count(3)],
        "old_communes_split": splits,
    }
    return layout, facts
