"""The load run's account: leader, planner and inspector of the demo province."""

from django.contrib.auth.models import Group, User
from django.db import transaction

from geo.models import AdminUnit, Level, UserArea

USERNAME = "bench-load"
PASSWORD = "bench-load-2026"  # noqa: S105 - local benchmark account
ROLES = ("leader", "planner", "inspector")


@transaction.atomic
def load_account() -> tuple[str, str]:
    province = AdminUnit.current.filter(is_demo=True, level=Level.PROVINCE).first()
    if province is None:
        raise SystemExit("No demo province: run ./dev demo first.")
    user, _ = User.objects.get_or_create(username=USERNAME)
    user.set_password(PASSWORD)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in ROLES])
    UserArea.objects.filter(user=user).delete()
    UserArea.objects.create(user=user, unit=province)
    return USERNAME, PASSWORD
