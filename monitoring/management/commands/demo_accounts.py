"""Create the demo accounts (one per role) with a known password; local use only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from monitoring.demo.accounts import DEMO_PASSWORD, demo_accounts_create


class Command(BaseCommand):
    help = "Create or reset one demo account per role (refused when DEBUG is off)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Create them even if DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo accounts have a published password and are refused when DEBUG is off. "
                "Use --force only on a machine nobody else can reach."
            )
        self.stdout.write(f"Tài khoản minh hoạ / demo logins (mật khẩu / password: {DEMO_PASSWORD}):")
        for username, role in demo_accounts_create():
            self.stdout.write(f"    {username:<10} {role}")
