"""Demo accounts, one per role, with a known password for trying the product locally."""

from django.contrib.auth.models import Group, User
from django.db import transaction

from geo.models import AdminUnit, Level, UserArea
from monitoring.roles import ROLES, roles_sync

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "ROLES", "demo_accounts_create", "demo_accounts_shown"]

DEMO_PASSWORD = "demo-2026"  # noqa: S105 - published on purpose, with the demo data only
# username, role, full name
DEMO_ACCOUNTS = [
    ("lanhdao", "leader", "Lãnh đạo (demo)"),
    ("kehoach", "planner", "Cán bộ kế hoạch (demo)"),
    ("thanhtra", "inspector", "Tổ trưởng kiểm tra liên ngành (demo)"),
    ("baocao", "reporter", "Cán bộ báo cáo xã (demo)"),
    ("quantri", "administrator", "Quản trị hệ thống (demo)"),
]


@transaction.atomic
def demo_accounts_create() -> list[tuple[str, str]]:
    """Create or reset the demo accounts; return (username, role) pairs.

    Every account sees the demo province, except the inspector, who is assigned its
    first two districts to show area scoping."""
    roles_sync()  # the role groups with their permissions (monitoring.roles)
    groups = {role: Group.objects.get(name=role) for role in ROLES}
    province = AdminUnit.current.filter(is_demo=True, level=Level.PROVINCE).first()
    districts = list(AdminUnit.current.filter(is_demo=True, level=Level.DISTRICT).order_by("code")[:2])
    created = []
    for username, role, full_name in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = full_name
        user.is_staff = user.is_superuser = role == "administrator"
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[role]])
        areas = districts if role == "inspector" else [province]
        UserArea.objects.filter(user=user).delete()
        UserArea.objects.bulk_create([UserArea(user=user, unit=unit) for unit in areas if unit is not None])
        created.append((username, role))
    return created


def demo_accounts_shown() -> list[tuple[str, str]]:
    """(username, full name) of the demo accounts that exist, for the login page; none
    unless the demo province is loaded."""
    if not AdminUnit.objects.filter(is_demo=True).exists():
        return []
    names = dict(
        User.objects.filter(username__in=[u for u, _r, _n in DEMO_ACCOUNTS], is_active=True).values_list(
            "username", "first_name"
        )
    )
    return [(username, names[username]) for username, _role, _name in DEMO_ACCOUNTS if username in names]
