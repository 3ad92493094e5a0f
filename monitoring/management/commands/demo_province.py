"""Build the deterministic demo province (labelled as demo data everywhere) and its
demo accounts, one per role (the login page lists them while the demo is loaded)."""

from django.core.management.base import BaseCommand

from geo.models import AdminUnit
from monitoring.demo.accounts import DEMO_PASSWORD, demo_accounts_create
from monitoring.demo.build import demo_exists, demo_province_build, demo_province_remove


class Command(BaseCommand):
    help = "Build (or rebuild) the demo province: communes, places and 36 months of counts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Build only when no unit is loaded at all, demo or real (used by ./dev run).",
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Remove the demo province and the demo accounts (before a real province goes live).",
        )

    def handle(self, *args, if_empty=False, remove=False, **options):
        if remove:
            removed = demo_province_remove()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã xoá tỉnh minh hoạ / demo province removed: {removed['units']} đơn vị/units, "
                    f"{removed['accounts']} tài khoản minh hoạ/demo accounts."
                )
            )
            return
        if if_empty and demo_exists():
            self.stdout.write("Tỉnh minh hoạ đã có / demo province already loaded.")
            self._accounts()
            return
        if if_empty and AdminUnit.objects.exists():  # a real province: no demo, no demo accounts
            self.stdout.write("Đã có địa giới thật, không tạo tỉnh minh hoạ / a province is loaded: no demo.")
            return
        summary = demo_province_build(progress=lambda text: self.stdout.write(f"  … {text}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Tỉnh minh hoạ / demo province: {summary.communes} xã/communes in "
                f"{summary.districts} huyện/districts ({summary.border_communes} border), "
                f"{summary.establishments} establishments, {summary.counselling_points} "
                f"counselling points, {summary.treatment_facilities} treatment facilities, "
                f"{summary.case_counts} case counts, {summary.classifications} classifications."
            )
        )
        self._accounts()

    def _accounts(self) -> None:
        self.stdout.write(f"Tài khoản minh hoạ / demo logins (mật khẩu / password: {DEMO_PASSWORD}):")
        for username, role in demo_accounts_create():
            self.stdout.write(f"    {username:<10} {role}")
