"""App configuration for ``monitoring``."""

from django.apps import AppConfig, apps
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _roles_sync(sender, using="default", **kwargs):
    """After every migrate, give the role groups the permissions of models added since
    (the administrator role gets every permission); ``monitoring.roles`` is the table."""
    from monitoring.roles import roles_sync

    roles_sync()


def _login_failed(sender, credentials, request=None, **kwargs):
    """A failed login goes to the audit log (django-axes counts and locks; this records)."""
    from monitoring.audit import audit_record

    username = str((credentials or {}).get("username", ""))[:150]
    audit_record(action="login_failure", object_type="auth.user", object_key=username, user=None)


def _export_finished(sender, export, fmt, **kwargs):
    """A finished export (web or command) goes to the audit log: who, which layer, which
    filter, how many rows, in which format."""
    from monitoring.audit import audit_export

    user = export.user if getattr(export.user, "is_authenticated", False) else None
    if export.channel == "page":  # a page's export of its current filter
        audit_export(
            user, "page", f"{export.layer.name}.{fmt}", export.selection.described, export.rows_written
        )
        return
    channel = "command" if export.channel == "command" else "export"
    audit_export(
        user, channel, export.layer.name, {**export.selection.described, "format": fmt}, export.rows_written
    )


def _communes_changed(sender, **kwargs) -> int:
    """Commune boundaries changed (same transaction): every place to its new commune."""
    from monitoring.services.places import places_reassign_communes

    return places_reassign_communes()


def _boundaries_imported(sender, file, level, valid_from, row_count, changes, **kwargs):
    """A boundary file that changed stored units goes to the audit log."""
    from monitoring.audit import audit_record

    audit_record(
        action="import",
        object_type="geo.adminunit",
        object_key=file,
        filter={"level": level, "valid_from": str(valid_from)},
        row_count=row_count,
        after=changes,
    )


def _password_changed(sender, instance, **kwargs):
    """A user saved with a new password hash loses the API tokens (``api.tokens``)."""
    from monitoring.api.tokens import tokens_revoke_on_password_change

    tokens_revoke_on_password_change(sender, instance, **kwargs)


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        # After the last app's permissions are created: post_migrate is sent once per app
        # that has models, in order, and auth's handler for each app runs before this one.
        last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
        post_migrate.connect(_roles_sync, sender=last, dispatch_uid="monitoring_roles_sync")
        user_login_failed.connect(_login_failed, dispatch_uid="monitoring_audit_login_failed")
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        pre_save.connect(
            _password_changed,
            sender=get_user_model(),
            dispatch_uid="monitoring_api_tokens_revoke_on_password_change",
        )
        from monitoring.exports.signals import export_finished

        export_finished.connect(_export_finished, dispatch_uid="monitoring_audit_export_finished")
        from geo.signals import boundaries_imported, communes_changed

        communes_changed.connect(_communes_changed, dispatch_uid="monitoring_places_follow_communes")
        boundaries_imported.connect(_boundaries_imported, dispatch_uid="monitoring_audit_boundary_import")
