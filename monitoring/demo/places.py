"""Demo establishments with inspections, counselling points and treatment facilities."""

import datetime

import numpy as np
import shapely
from django.contrib.gis.geos import Point
from shapely import wkb

from monitoring.demo.names import NameMaker
from monitoring.models import (
    CounsellingPoint,
    Establishment,
    EstablishmentType,
    FacilityKind,
    Inspection,
    InspectionResult,
    TreatmentFacility,
)

__all__ = ["establishments_build", "facilities_build", "points_in"]

N_ESTABLISHMENTS = 3000
# type: (share of establishments, chance of being prone, Vietnamese label for names)
TYPES = {
    EstablishmentType.KARAOKE: (0.22, 0.85, "Karaoke"),
    EstablishmentType.CAFE: (0.20, 0.30, "Cà phê"),
    EstablishmentType.GUESTHOUSE: (0.15, 0.70, "Nhà nghỉ"),
    EstablishmentType.MASSAGE: (0.10, 0.90, "Massage"),
    EstablishmentType.HOTEL: (0.08, 0.40, "Khách sạn"),
    EstablishmentType.HAIR_WASH: (0.08, 0.80, "Gội đầu"),
    EstablishmentType.BAR: (0.06, 0.70, "Bar"),
    EstablishmentType.OTHER: (0.06, 0.20, "Dịch vụ"),
    EstablishmentType.SAUNA: (0.03, 0.90, "Xông hơi"),
    EstablishmentType.DISCOTHEQUE: (0.02, 0.95, "Vũ trường"),
}
INSPECTION_START = datetime.date(2024, 1, 1)
INSPECTION_DAYS = 1000  # up to late September 2026


def points_in(geom_wkb: bytes, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` points strictly inside a (multi)polygon given as WKB."""
    polygon = wkb.loads(geom_wkb)
    shapely.prepare(polygon)
    minx, miny, maxx, maxy = polygon.bounds
    found = np.empty((0, 2))
    while len(found) < count:
        x = rng.uniform(minx, maxx, 64 + 4 * count)
        y = rng.uniform(miny, maxy, 64 + 4 * count)
        inside = shapely.contains_xy(polygon, x, y)
        found = np.concatenate([found, np.column_stack([x[inside], y[inside]])])
    return found[:count]


def establishments_build(*, communes, rng: np.random.Generator) -> int:
    """About 3,000 establishments, more where more people live, with inspections."""
    names = NameMaker(rng)
    weights = np.array([float(c.population) ** 1.4 for c in communes])
    per_commune = rng.multinomial(N_ESTABLISHMENTS, weights / weights.sum())
    types = list(TYPES)
    shares = np.array([TYPES[t][0] for t in types])
    rows = []
    for commune, count in zip(communes, per_commune, strict=True):
        if not count:
            continue
        for x, y in points_in(bytes(commune.geom.wkb), int(count), rng):
            kind = types[rng.choice(len(types), p=shares / shares.sum())]
            _, prone_share, label = TYPES[kind]
            rows.append(
                Establishment(
                    type=kind,
                    name=names.business(label, len(rows) + 1),
                    address=names.address(commune.name),
                    licence_number=f"{rng.integers(10, 9999)}/GCN-{commune.code}",
                    location=Point(round(x, 6), round(y, 6), srid=4326),
                    prone=bool(rng.uniform() < prone_share),
                    status="closed" if rng.uniform() < 0.06 else "active",
                    is_demo=True,
                )
            )
    created = Establishment.objects.bulk_create(rows, batch_size=1000)
    _inspections_build(establishments=created, rng=rng)
    return len(created)


def _inspections_build(*, establishments, rng: np.random.Generator) -> None:
    results = [InspectionResult.COMPLIANT, InspectionResult.VIOLATION, InspectionResult.CLOSED_DOWN]
    rows = []
    for establishment in establishments:
        visits = rng.poisson(1.3 if establishment.prone else 0.3)
        for day in sorted(rng.choice(INSPECTION_DAYS, size=min(visits, 4), replace=False)):
            date = INSPECTION_START + datetime.timedelta(days=int(day))
            result = results[rng.choice(3, p=[0.74, 0.22, 0.04])]
            rows.append(
                Inspection(
                    establishment=establishment,
                    date=date,
                    team=f"Đội kiểm tra liên ngành số {rng.integers(1, 6)}",
                    result=result,
                    violations="Không xuất trình giấy phép; hoạt động quá giờ quy định"
                    if result == InspectionResult.VIOLATION
                    else "",
                    follow_up_due=date + datetime.timedelta(days=30)
                    if result == InspectionResult.VIOLATION
                    else None,
                )
            )
    Inspection.objects.bulk_create(rows, batch_size=2000)


def facilities_build(*, communes, risk: dict[int, float], rng: np.random.Generator) -> None:
    """About 20 counselling points where risk is highest, and three treatment facilities."""
    ranked = sorted(communes, key=lambda c: -risk[c.id] * (c.population or 0) ** 0.5)
    points = []
    for number, commune in enumerate(ranked[:20], 1):
        ((x, y),) = points_in(bytes(commune.geom.wkb), 1, rng)
        planned = number > 17
        points.append(
            CounsellingPoint(
                name=f"Điểm tư vấn cộng đồng {commune.name}",
                location=Point(round(x, 6), round(y, 6), srid=4326),
                opened_on=None if planned else datetime.date(2018 + number % 8, 1 + number % 12, 1),
                status="planned" if planned else "active",
                staff=int(rng.integers(2, 7)),
                services="Tư vấn; hỗ trợ điều trị nghiện tại cộng đồng; kết nối điều trị Methadone",
                is_demo=True,
            )
        )
    CounsellingPoint.objects.bulk_create(points)
    by_population = sorted(communes, key=lambda c: -(c.population or 0))
    facilities = [
        (FacilityKind.REHAB_CENTRE, "Cơ sở cai nghiện ma túy tỉnh (minh hoạ)", 300, ranked[25]),
        (FacilityKind.METHADONE_CLINIC, "Cơ sở điều trị Methadone số 1", 150, by_population[0]),
        (FacilityKind.METHADONE_CLINIC, "Cơ sở điều trị Methadone số 2", 120, by_population[3]),
    ]
    rows = []
    for kind, name, capacity, commune in facilities:
        ((x, y),) = points_in(bytes(commune.geom.wkb), 1, rng)
        rows.append(
            TreatmentFacility(
                kind=kind,
                name=name,
                capacity=capacity,
                location=Point(round(x, 6), round(y, 6), srid=4326),
                is_demo=True,
            )
        )
    TreatmentFacility.objects.bulk_create(rows)
