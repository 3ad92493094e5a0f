"""Roles (Django groups) and the model permissions each one carries: the one table the
data migration, the demo accounts, the tests and ``docs/security.md`` read.

Channels check permissions, never group names; a role is only a named bundle of
permissions. The administrator role gets every permission (and sees every area, see
``geo.areas.Area.of``).

``view_exact_counts`` (exact small counts of sensitive indicators) goes to the reporter,
who enters those very figures, and to the administrator. Leaders and planners work from
maps and summaries where "<5" loses nothing they decide on, so they see protected values.
"""

__all__ = ["ADMINISTRATOR", "ROLES", "ROLE_PERMISSIONS", "roles_sync"]

ADMINISTRATOR = "administrator"

_LEADER = (
    "geo.view_adminunit",
    "monitoring.view_casecount",
    "monitoring.view_classification",
    "monitoring.view_indicator",
    "monitoring.view_counsellingpoint",
    "monitoring.view_treatmentfacility",
    "monitoring.view_planningscenario",
)

# Data quality: the leader approves periods (and so locks them); the reporter comments
# on cells, confirms flagged values, clears figures and marks a commune's month complete.
_APPROVER = ("monitoring.approve_period", "monitoring.view_periodapproval")

# Early warning: the leader reads the alerts of the area and acknowledges or closes them.
_ALERTS = ("monitoring.view_alert", "monitoring.change_alert")

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "leader": (*_LEADER, *_APPROVER, *_ALERTS),
    "planner": (
        *_LEADER,
        "monitoring.add_counsellingpoint",
        "monitoring.change_counsellingpoint",
        "monitoring.add_planningscenario",
        "monitoring.change_planningscenario",
    ),
    "inspector": (
        "geo.view_adminunit",
        "monitoring.view_establishment",
        "monitoring.view_inspection",
        "monitoring.add_inspection",
        "monitoring.change_inspection",
        "monitoring.view_sensitivesite",
    ),
    "reporter": (
        "geo.view_adminunit",
        "monitoring.view_indicator",
        "monitoring.view_casecount",
        "monitoring.add_casecount",
        "monitoring.change_casecount",
        "monitoring.delete_casecount",
        "monitoring.view_exact_counts",
        "monitoring.add_cellnote",
        "monitoring.change_cellnote",
        "monitoring.view_cellnote",
        "monitoring.add_reportsubmission",
        "monitoring.delete_reportsubmission",
        "monitoring.view_periodapproval",
    ),
    ADMINISTRATOR: (),  # every permission, see roles_sync
}
ROLES = list(ROLE_PERMISSIONS)


def _permission(permission_model, dotted: str):
    app_label, codename = dotted.split(".")
    return permission_model.objects.get(content_type__app_label=app_label, codename=codename)


def roles_sync(*, group_model=None, permission_model=None) -> dict[str, int]:
    """Create the role groups and set their permissions exactly as ``ROLE_PERMISSIONS``
    says; returns {role: number of permissions}. Idempotent.

    The migration passes its historical models; at run time the real ones are used.
    """
    if group_model is None or permission_model is None:
        from django.contrib.auth.models import Group, Permission

        group_model, permission_model = Group, Permission
    result = {}
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        if role == ADMINISTRATOR:
            permissions = list(permission_model.objects.all())
        else:
            permissions = [_permission(permission_model, name) for name in names]
        group.permissions.set(permissions)
        result[role] = len(permissions)
    return result
