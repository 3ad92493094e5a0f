"""``python manage.py province_report --period 2026-9M --area 70 --format docx|pdf|html
-o FILE [--user USERNAME]``: the province's periodic report, as the risk map's download.

Without ``--user`` the run sees every area and exact figures; with it, the user's areas
and small-count protection apply as on the web."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.errors import AppError
from monitoring.audit import audit_export
from monitoring.figures.periods import Period
from monitoring.reports.content import province_report_build
from monitoring.reports.formats import REPORT_FORMATS, report_format_check, report_render


class Command(BaseCommand):
    help = "Write the periodic report of a province (or district, commune) as DOCX, PDF or HTML."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2026-10, 2026-Q3, 2026-6M, 2026-9M or 2026")
        parser.add_argument("--area", required=True, help="the code of the province, district or commune")
        parser.add_argument("--format", dest="fmt", default="docx", help=", ".join(REPORT_FORMATS))
        parser.add_argument("--user", help="write the report as this user (their areas and protection)")
        parser.add_argument("--agency", default="", help="the header's agency line")
        parser.add_argument("--number", default="", help="the header's number line, e.g. Số: 12/BC-UBND")
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args, period, area, fmt, user, agency, number, output, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"--user {user!r}: no such account.")
        try:
            report_format_check(fmt)
            progress = self.progress if self.verbosity_of(options) else lambda step: None
            self.started = time.perf_counter()
            report = province_report_build(
                period=Period.parse(period),
                area_code=area,
                user=account,
                today=timezone.localdate(),
                header={"agency": agency, "number": number},
                progress=progress,
            )
            progress(f"Writing {fmt.upper()}")
            body, _media_type, _extension = report_render(report, fmt=fmt)
        except AppError as error:
            raise CommandError(f"--{error.parameter or 'period'}: {error}") from error
        Path(output).write_bytes(body)
        audit_export(
            account,
            "command",
            f"province-report.{fmt}",
            {"period": report.period.key(), "area": report.area_code},
            len(report.indicators),
        )
        if self.verbosity_of(options):
            self.stderr.write(f"{output}: {len(body):,} bytes")

    def progress(self, step: str) -> None:
        """One line per step, with the seconds since the run began: a national report
        takes a while, and the operator sees where it is."""
        self.stderr.write(f"[{time.perf_counter() - self.started:6.1f} s] {step}…")

    @staticmethod
    def verbosity_of(options) -> int:
        return options.get("verbosity", 1)
