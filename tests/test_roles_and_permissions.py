"""The role groups carry exactly the permissions of ``monitoring.roles``; the demo
accounts use those groups; channels check permissions, not group names."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from monitoring.demo.accounts import DEMO_ACCOUNTS, demo_accounts_create
from monitoring.roles import ROLE_PERMISSIONS, ROLES, roles_sync

pytestmark = pytest.mark.django_db


def permissions_of(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


@pytest.mark.parametrize("role", [r for r in ROLES if r != "administrator"])
def test_the_migration_gives_each_role_exactly_its_permissions(role):
    assert permissions_of(Group.objects.get(name=role)) == set(ROLE_PERMISSIONS[role])


def test_the_administrator_role_holds_every_permission():
    assert Group.objects.get(name="administrator").permissions.count() == Permission.objects.count()


def test_a_planner_can_do_what_a_leader_can_but_approve_act_on_alerts_and_edit_points_and_scenarios():
    leader, planner = set(ROLE_PERMISSIONS["leader"]), set(ROLE_PERMISSIONS["planner"])
    assert leader - planner == {
        "monitoring.approve_period",
        "monitoring.view_periodapproval",
        "monitoring.view_alert",
        "monitoring.change_alert",
    }
    assert planner - leader == {
        "monitoring.add_counsellingpoint",
        "monitoring.change_counsellingpoint",
        "monitoring.add_planningscenario",
        "monitoring.change_planningscenario",
    }


def test_only_the_reporter_and_administrator_see_exact_small_counts():
    holders = {r for r, perms in ROLE_PERMISSIONS.items() if "monitoring.view_exact_counts" in perms}
    assert holders == {"reporter"}
    user = User.objects.create_user("admin-role")
    user.groups.add(Group.objects.get(name="administrator"))
    assert User.objects.get(pk=user.pk).has_perm("monitoring.view_exact_counts")


def test_only_the_leader_and_administrator_approve_periods():
    holders = {r for r, perms in ROLE_PERMISSIONS.items() if "monitoring.approve_period" in perms}
    assert holders == {"leader"}
    user = User.objects.create_user("admin-approver")
    user.groups.add(Group.objects.get(name="administrator"))
    assert User.objects.get(pk=user.pk).has_perm("monitoring.approve_period")


def test_sync_repairs_a_group_someone_changed():
    leader = Group.objects.get(name="leader")
    leader.permissions.add(Permission.objects.get(codename="delete_casecount"))
    roles_sync()
    assert "monitoring.delete_casecount" not in permissions_of(leader)


def test_demo_accounts_get_their_role_permissions():
    demo_accounts_create()
    for username, role, _ in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        assert [g.name for g in user.groups.all()] == [role]
        if role != "administrator":
            assert user.has_perms(ROLE_PERMISSIONS[role])
    assert not User.objects.get(username="lanhdao").has_perm("monitoring.view_establishment")
