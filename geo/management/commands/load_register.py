"""``load_register FILE``: replace the official register of administrative units (codes
and names) by a CSV of ``code,name,level[,province_code]`` rows (``geo.register``)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from geo.imports.errors import BoundaryImportError
from geo.register import register_load


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


class Command(BaseCommand):
    help = "Load the official register of units (CSV: code,name,level[,province_code]); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--valid-from",
            type=_date,
            default=datetime.date(2025, 7, 1),
            help="the day the register applies from",
        )
        parser.add_argument(
            "--source", default="", help="where the list comes from, e.g. its decision number"
        )

    def handle(self, *args, **options):
        try:
            counts = register_load(
                path=options["file"], valid_from=options["valid_from"], source=options["source"]
            )
        except (BoundaryImportError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Danh mục đơn vị hành chính / official register: {counts['province']} tỉnh/provinces, "
            f"{counts['commune']} xã/communes, from {options['valid_from']:%Y-%m-%d}."
        )
