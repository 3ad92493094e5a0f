"""``python manage.py import_boundaries FILE --level commune|district|province``: import a
boundary file (Shapefile, zipped Shapefile, GeoPackage, GeoJSON or KML) as the current
boundary version. Progress goes to stderr; every problem of a bad file is listed and
nothing is written."""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from geo.imports.errors import BoundaryImportError
from geo.imports.service import boundaries_import
from geo.models import Level


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--valid-from {text!r} is not a date: write YYYY-MM-DD, e.g. 2025-07-01."
        ) from None


class Command(BaseCommand):
    help = (
        "Import administrative boundaries (Shapefile, zip, GeoPackage, GeoJSON, KML) as a boundary version."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--level", required=True, choices=Level.values)
        parser.add_argument("--code-field", help="field holding the official code (guessed if omitted)")
        parser.add_argument("--name-field", help="field holding the unit's name")
        parser.add_argument("--parent-field", help="field holding the parent unit's code")
        parser.add_argument("--population-field", help="field holding the population")
        parser.add_argument("--srid", type=int, help="EPSG code when the file has no .prj, e.g. 3405 or 5899")
        parser.add_argument("--valid-from", type=_date, help="date the boundaries apply from (default today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="list what the import would change; store nothing"
        )

    def handle(self, *args, **options):
        def progress(text: str) -> None:
            sys.stderr.write(f"… {text}\n")
            sys.stderr.flush()

        try:
            report = boundaries_import(
                path=options["file"],
                level=options["level"],
                code_field=options["code_field"],
                name_field=options["name_field"],
                parent_field=options["parent_field"],
                population_field=options["population_field"],
                srid=options["srid"],
                valid_from=options["valid_from"],
                progress=progress if options["verbosity"] > 0 else None,
                dry_run=options["dry_run"],
            )
        except BoundaryImportError as error:
            raise CommandError(str(error)) from None
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(str(warning)))
        self.stdout.write(report.summary())
        if options["dry_run"]:
            for heading, rows in report.changes_listed():
                self.stdout.write(f"{heading}:")
                for code, name in rows:
                    self.stdout.write(f"  {code}  {name}")
