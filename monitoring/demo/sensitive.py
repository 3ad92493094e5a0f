"""Demo sensitive sites: schools, hospitals, religious and heritage sites, mostly in
populated communes, a few right next to karaoke bars so the Decree 54/2019 check has
something to find."""

import numpy as np
from django.contrib.gis.geos import Point

from monitoring.demo.places import points_in
from monitoring.models import Establishment, SensitiveSite

__all__ = ["sensitive_sites_build"]

KINDS = [
    ("school", "Trường THCS", 0.6),
    ("hospital", "Trạm y tế", 0.2),
    ("religious", "Chùa", 0.15),
    ("heritage", "Di tích", 0.05),
]


def sensitive_sites_build(*, communes, rng: np.random.Generator, count: int = 120) -> int:
    weights = np.array([float(c.population or 1) for c in communes])
    per_commune = rng.multinomial(count, weights / weights.sum())
    shares = np.array([k[2] for k in KINDS])
    rows = []
    for commune, n in zip(communes, per_commune, strict=True):
        for x, y in points_in(bytes(commune.geom.wkb), int(n), rng) if n else []:
            kind, label, _ = KINDS[rng.choice(len(KINDS), p=shares / shares.sum())]
            rows.append(
                SensitiveSite(
                    kind=kind,
                    name=f"{label} {commune.name.split(' ', 1)[-1]} {len(rows) + 1}",
                    location=Point(round(x, 6), round(y, 6), srid=4326),
                    is_demo=True,
                )
            )
    karaoke = list(Establishment.objects.filter(is_demo=True, type="karaoke").order_by("id")[:400:40])
    for e in karaoke:  # a school 60–180 m away
        bearing, distance = rng.uniform(0, 2 * np.pi), rng.uniform(60, 180)
        dx = distance * np.cos(bearing) / (111_320 * np.cos(np.radians(e.location.y)))
        dy = distance * np.sin(bearing) / 111_320
        rows.append(
            SensitiveSite(
                kind="school",
                name=f"Trường tiểu học gần {e.name}",
                location=Point(round(e.location.x + dx, 6), round(e.location.y + dy, 6), srid=4326),
                is_demo=True,
            )
        )
    SensitiveSite.objects.bulk_create(rows)
    return len(rows)
