"""What the load run's clients request, with weights: pages, the risk map's period
switches (``state.json``, the map client's values on demand), filters, API, OGC, vector
tiles and exports on the demo province's real codes and latest month."""

import math

from geo.models import AdminUnit, Level
from monitoring.models import CaseCount


def _tile(lon: float, lat: float, z: int) -> str:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return f"{z}/{x}/{y}"


def load_paths() -> list[tuple[str, str, int]]:
    district = AdminUnit.current.filter(is_demo=True, level=Level.DISTRICT).order_by("code").first()
    commune = AdminUnit.current.filter(is_demo=True, level=Level.COMMUNE).order_by("code").first()
    latest = (
        CaseCount.objects.filter(unit__is_demo=True).order_by("-period").values_list("period", flat=True)[0]
    )
    month = f"{latest:%Y-%m}"
    before = f"{latest.year - (latest.month == 1)}-{(latest.month - 2) % 12 + 1:02}"
    centre = commune.geom.point_on_surface
    return [
        ("risk map page", f"/maps/risk/?period={month}&measure=rate:illegal_users", 3),
        (
            "risk map period switch (state.json)",
            f"/maps/risk/state.json?period={before}&measure=rate:illegal_users",
            4,
        ),
        ("risk map commune panel", f"/maps/risk/commune/{commune.code}.json?period={month}", 2),
        ("establishments page (district)", f"/maps/establishments/?district={district.code}", 2),
        (
            "establishment filter JSON",
            f"/maps/establishments/items.json?district={district.code}&type=karaoke",
            4,
        ),
        (
            "establishment filter radius",
            f"/maps/establishments/items.json?point={centre.x:.5f},{centre.y:.5f}&radius=3000",
            2,
        ),
        ("API establishments", f"/api/establishments/?district={district.code}", 4),
        ("API communes", f"/api/communes/?district={district.code}", 2),
        ("OGC items", "/ogc/collections/establishments/items?limit=100", 2),
        ("vector tile communes z10", f"/tiles/communes/{_tile(centre.x, centre.y, 10)}.pbf", 2),
        ("export risk GeoJSON", f"/maps/risk/export.geojson?period={month}&measure=rate:illegal_users", 1),
        ("export establishments CSV", f"/maps/establishments/export.csv?district={district.code}", 1),
        ("export establishments GeoJSON", f"/exports/establishments.geojson?district={district.code}", 1),
    ]
