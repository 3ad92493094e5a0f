"""Import sensitive sites from a CSV or XLSX file: ``import_places --kind sensitive-site``
under its earlier name; every bad row is listed and then nothing is imported."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from monitoring.imports.command_scope import add_file_arguments
from monitoring.imports.places import places_import
from monitoring.imports.problems import ImportFileError


class Command(BaseCommand):
    help = _(
        "Import sensitive sites from FILE (.csv in UTF-8 or .xlsx) with the header "
        "kind,name,address,lon,lat, or kind,name,address,x,y with --srid for metres."
    )

    def add_arguments(self, parser):
        add_file_arguments(parser)

    def handle(self, *args, file: Path, srid: int, **options):
        try:
            report = places_import(path=file, kind="sensitive-site", srid=srid)
        except ImportFileError as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(
            _("%(created)s sensitive sites created, %(unchanged)s unchanged.")
            % {"created": report.created, "unchanged": report.unchanged + report.changed}
        )
