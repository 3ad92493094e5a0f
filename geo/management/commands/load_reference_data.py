"""Load the national land border and country outlines shipped in ``fixtures/osm``."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from geo.services import border_lines_load, country_outlines_load


class Command(BaseCommand):
    help = "Load Vietnam's land border and neighbouring-country outlines (idempotent)."

    def handle(self, *args, **options):
        folder = Path(settings.BASE_DIR) / "fixtures" / "osm"
        lines = border_lines_load(path=folder / "vn_land_border.geojson")
        countries = country_outlines_load(path=folder / "region_countries.geojson")
        self.stdout.write(
            f"Đường biên giới / border lines updated: {lines}; quốc gia / country outlines: {countries}"
        )
