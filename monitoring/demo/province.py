"""Build the demo province, its districts and communes (pre-2025, three-tier layout)."""

import datetime
import json
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import shapely
from django.contrib.gis.geos import GEOSGeometry
from shapely.geometry import MultiPolygon, shape

from geo.models import AdminUnit, CommuneKind, Level
from monitoring.demo import geography
from monitoring.demo.names import NameMaker
from monitoring.demo.tiling import seed_points, tile

__all__ = ["DEMO_PROVINCE_CODE", "DemoUnits", "units_build"]

DEMO_PROVINCE_CODE = "99"
DEMO_PROVINCE_NAME = "Tỉnh Demo (dữ liệu minh hoạ)"
VALID_FROM = datetime.date(2020, 1, 1)
POPULATION_YEAR = 2024
N_COMMUNES = 200
N_DISTRICTS = 15
COORDINATE_GRID = 1e-6  # degrees


@dataclass
class DemoUnits:
    province: AdminUnit
    districts: list[AdminUnit]
    communes: list[AdminUnit]
    seeds: dict[int, tuple[float, float]]  # commune id -> seed (lon, lat)


def outline_load(path: Path):
    with open(path, encoding="utf-8") as handle:
        feature = json.load(handle)["features"][0]
    return shape(feature["geometry"])


def _geos(geom) -> GEOSGeometry:
    multi = geom if isinstance(geom, MultiPolygon) else MultiPolygon([geom])
    return GEOSGeometry(memoryview(multi.wkb), srid=4326)


def _area_km2(geom) -> float:
    lat = geom.centroid.y
    return geom.area * geography.KM_PER_DEGREE**2 * np.cos(np.radians(lat))


def units_build(*, outline_path: Path, rng: np.random.Generator) -> DemoUnits:
    """Create the province, ~15 districts and ~200 communes tiling the outline."""
    outline = outline_load(outline_path)
    seeds = seed_points(outline, count=N_COMMUNES, density=geography.seed_weight, rng=rng)
    # Coordinates on the 10⁻⁶° grid (about 0.1 m) that GeoJSON exports write (RFC 7946's
    # 6 decimals), so an exported layer re-imported elsewhere is the same layer; shared
    # edges round alike on both sides, so the communes still tile the province.
    cells = [
        replace(cell, geom=shapely.set_precision(cell.geom, COORDINATE_GRID))
        for cell in tile(outline, seeds, n_districts=N_DISTRICTS)
    ]
    names = NameMaker(rng)

    province = AdminUnit.objects.create(
        code=DEMO_PROVINCE_CODE,
        name=DEMO_PROVINCE_NAME,
        level=Level.PROVINCE,
        geom=_geos(shapely.coverage_union_all([cell.geom for cell in cells])),
        valid_from=VALID_FROM,
        is_demo=True,
    )
    populations = [
        int(
            _area_km2(cell.geom)
            * geography.density_per_km2(*cell.geom.representative_point().coords[0])
            * rng.lognormal(0, 0.25)
        )
        for cell in cells
    ]
    # District order follows the first commune of each (south to north).
    district_order = list(dict.fromkeys(cell.district for cell in cells))
    districts = []
    for number, index in enumerate(district_order, 1):
        members = [i for i, cell in enumerate(cells) if cell.district == index]
        urban = max(geography.town_proximity(*cells[i].seed) for i in members) > 0.5
        label = "Thành phố" if urban else "Huyện"
        union = shapely.coverage_union_all([cells[i].geom for i in members])
        districts.append(
            AdminUnit.objects.create(
                code=f"9{number:02d}",
                name=f"{label} {names.place()}",
                level=Level.DISTRICT,
                parent=province,
                geom=_geos(union),
                population=sum(populations[i] for i in members),
                population_year=POPULATION_YEAR,
                valid_from=VALID_FROM,
                is_demo=True,
            )
        )
    communes, seed_of = [], {}
    number = 0
    for district, index in zip(districts, district_order, strict=True):
        members = [i for i, cell in enumerate(cells) if cell.district == index]
        biggest = max(members, key=lambda i: populations[i])
        for i in members:
            number += 1
            density = populations[i] / max(_area_km2(cells[i].geom), 0.01)
            if density > 1500:
                kind, prefix = CommuneKind.PHUONG, "Phường"
            elif i == biggest:
                kind, prefix = CommuneKind.THI_TRAN, "Thị trấn"
            else:
                kind, prefix = CommuneKind.XA, "Xã"
            unit = AdminUnit.objects.create(
                code=f"9{number:04d}",
                name=f"{prefix} {names.place()}",
                level=Level.COMMUNE,
                kind=kind,
                parent=district,
                geom=_geos(cells[i].geom),
                population=populations[i],
                population_year=POPULATION_YEAR,
                valid_from=VALID_FROM,
                is_demo=True,
            )
            communes.append(unit)
            seed_of[unit.id] = cells[i].seed
    province.population = sum(populations)
    province.population_year = POPULATION_YEAR
    province.save(update_fields=["population", "population_year"])
    return DemoUnits(province=province, districts=districts, communes=communes, seeds=seed_of)
