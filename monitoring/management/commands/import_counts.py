"""Import monthly case counts from a CSV or XLSX file (one row per commune, one column
per indicator); every bad row is listed and then nothing is imported."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from monitoring.imports.cells import month_from_cell
from monitoring.imports.command_scope import add_user_argument, allowed_for
from monitoring.imports.counts import case_counts_import
from monitoring.imports.problems import ImportFileError


def _month(text: str) -> datetime.date:
    month = month_from_cell(text)
    if not isinstance(month, datetime.date):
        raise CommandError(
            _("--period %(value)s: write the month as YYYY-MM, e.g. 2026-03.") % {"value": text}
        )
    return month


class Command(BaseCommand):
    help = _(
        "Import case counts from FILE (.csv in UTF-8 or .xlsx): one row per commune (code or name), "
        "one column per indicator (code or Vietnamese name), the month in a period column or --period."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("the CSV or XLSX file"))
        parser.add_argument("--period", type=_month, help=_("the month of every row without one, YYYY-MM"))
        parser.add_argument("--sheet", help=_("the XLSX sheet to read (default: the first)"))
        parser.add_argument(
            "--source", default="", help=_("where the figures come from (default: file name)")
        )
        add_user_argument(parser)

    def handle(self, *args, file: Path, period, sheet, source, user, **options):
        allowed = allowed_for(user, "monitoring.add_casecount")

        def progress(text):
            if options["verbosity"] >= 1:
                self.stderr.write(text)

        try:
            report = case_counts_import(
                path=file, period=period, sheet=sheet, source=source, allowed=allowed, progress=progress
            )
        except ImportFileError as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(
            _("%(rows)s rows: %(created)s figures created, %(changed)s changed, %(unchanged)s unchanged.")
            % {
                "rows": report.rows,
                "created": report.created,
                "changed": report.changed,
                "unchanged": report.unchanged,
            }
        )
