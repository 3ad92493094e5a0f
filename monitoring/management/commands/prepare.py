"""Everything a start needs, in one process: migrate, load the reference data, and
optionally the demo province (first time only) and the demo accounts."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate and load reference data; with --demo and --accounts, the demo as well."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Build the demo province if none is loaded.")
        parser.add_argument("--accounts", action="store_true", help="Create or reset the demo accounts.")

    def handle(self, *args, demo=False, accounts=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference_data", stdout=self.stdout)
        if demo:
            call_command("demo_province", if_empty=True, stdout=self.stdout)
        if accounts:
            call_command("demo_accounts", stdout=self.stdout)
