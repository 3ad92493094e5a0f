"""Import establishments, counselling points, treatment facilities or sensitive sites from
a CSV or XLSX file; every bad row is listed and then nothing is imported."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from monitoring.imports.command_scope import add_file_arguments, add_user_argument, allowed_for
from monitoring.imports.place_kinds import KINDS
from monitoring.imports.places import places_import
from monitoring.imports.problems import ImportFileError


class Command(BaseCommand):
    help = _(
        "Import places of one kind from FILE (.csv in UTF-8 or .xlsx) with lon,lat in degrees, "
        "or x,y in metres with --srid (VN-2000). Columns per kind: see docs/imports.md."
    )

    def add_arguments(self, parser):
        add_file_arguments(parser)
        parser.add_argument("--kind", required=True, choices=sorted(KINDS), help=_("what the file holds"))
        add_user_argument(parser)

    def handle(self, *args, file: Path, kind: str, srid: int, user, **options):
        model = KINDS[kind].model._meta
        allowed = allowed_for(user, f"{model.app_label}.add_{model.model_name}")
        try:
            report = places_import(path=file, kind=kind, srid=srid, allowed=allowed)
        except ImportFileError as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(
            _("%(created)s places created, %(changed)s changed, %(unchanged)s unchanged.")
            % {"created": report.created, "changed": report.changed, "unchanged": report.unchanged}
        )
