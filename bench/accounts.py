"""The accounts the demo-province benches measure with: in the product's roles
(``monitoring.roles``), with the demo province as their area, as a real user of that
role would be. Created or reset on each run, so a bench never depends on an account an
earlier run or session left behind."""

__all__ = ["demo_account"]


def demo_account(username: str, roles: tuple[str, ...], *, password: str | None = None):
    """``username`` in ``roles`` with the demo province as its area (and ``password``;
    None: no usable password, for a test client's ``force_login``). Django must be set
    up by the bench that calls it (its models are imported here, not at import)."""
    from django.contrib.auth.models import Group, User
    from django.db import transaction

    from geo.models import AdminUnit, Level, UserArea
    from monitoring.roles import roles_sync

    with transaction.atomic():
        province = AdminUnit.current.filter(is_demo=True, level=Level.PROVINCE).first()
        if province is None:
            raise SystemExit("No demo province: run ./dev demo first.")
        roles_sync()
        user, _ = User.objects.get_or_create(username=username)
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role) for role in roles])
        UserArea.objects.filter(user=user).delete()
        UserArea.objects.create(user=user, unit=province)
        return user
