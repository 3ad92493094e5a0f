"""What the load run's clients request, with weights: pages, filters, API and exports on
the demo province's real codes and latest month."""

from geo.models import AdminUnit, Level
from monitoring.models import CaseCount


def load_paths() -> list[tuple[str, str, int]]:
    district = AdminUnit.current.filter(is_demo=True, level=Level.DISTRICT).order_by("code").first()
    commune = AdminUnit.current.filter(is_demo=True, level=Level.COMMUNE).order_by("code").first()
    latest = (
        CaseCount.objects.filter(unit__is_demo=True).order_by("-period").values_list("period", flat=True)[0]
    )
    month = f"{latest:%Y-%m}"
    centre = commune.geom.point_on_surface
    return [
        ("risk map page", f"/maps/risk/?period={month}&measure=rate:illegal_users", 3),
        ("risk map commune panel", f"/maps/risk/commune/{commune.code}.json?period={month}", 2),
        ("establishments page (district)", f"/maps/establishments/?district={district.code}", 2),
        (
            "establishment filter JSON",
            f"/maps/establishments/items.json?district={district.code}&type=karaoke",
            4,
        ),
        (
            "establishment filter radius",
            f"/maps/establishments/items.json?lon={centre.x:.5f}&lat={centre.y:.5f}&radius=3000",
            2,
        ),
        ("API establishments", f"/api/establishments/?district={district.code}", 4),
        ("API communes", f"/api/communes/?district={district.code}", 2),
        ("OGC items", "/ogc/collections/establishments/items?limit=100", 2),
        ("export risk GeoJSON", f"/maps/risk/export.geojson?period={month}&measure=rate:illegal_users", 1),
        ("export establishments CSV", f"/maps/establishments/export.csv?district={district.code}", 1),
        ("export establishments GeoJSON", f"/exports/establishments.geojson?district={district.code}", 1),
    ]
