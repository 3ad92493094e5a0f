"""``python manage.py alerts --month YYYY-MM [--through YYYY-MM] [--area CODE]``: evaluate
the early-warning rule (``monitoring.alerts.rule``) for a month, or each month of a
range, and print what it raised. Idempotent: running a month again changes nothing."""

from django.core.management.base import BaseCommand, CommandError

from core.errors import AppError
from geo.areas import Area
from monitoring.alerts.evaluate import alerts_evaluate
from monitoring.audit import audit_context
from monitoring.imports.selectors import months_back
from monitoring.layers.base import month_param


class Command(BaseCommand):
    help = "Evaluate the early-warning alerts of a month (or of a range of months)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--month", required=True, help="YYYY-MM: the month (or the first month) to evaluate"
        )
        parser.add_argument("--through", default="", help="YYYY-MM: the last month of a range")
        parser.add_argument("--area", default="", help="official code of a unit: evaluate only its communes")

    def handle(self, *args, month, through, area, **options):
        try:
            first = month_param({"month": month}, "month")
            last = month_param({"through": through}, "through") or first
        except AppError as error:
            raise CommandError(error.message) from None
        if last < first:
            raise CommandError(f"--through {through} is before --month {month}: give the later month last.")
        scope = Area.of_codes([area]) if area else Area.everything()
        if area and scope.is_empty:
            raise CommandError(f"--area {area}: there is no unit with this code.")
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        with audit_context(channel="command"):
            for current in months_back(last, count):
                result = alerts_evaluate(month=current, area=scope)
                self.stdout.write(
                    f"{current:%Y-%m}: {result.tested} figures tested, {len(result.raised)} alerts raised, "
                    f"{result.updated} updated, {result.withdrawn} withdrawn"
                )
