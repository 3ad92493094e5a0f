"""The audit log: who exported what and who changed what, append-only.

A database trigger (migration 0012) refuses UPDATE and DELETE on the table, so not even
the application can rewrite history. Rows are written only by
``monitoring.audit.audit_record`` and ``audit_export``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    IMPORT = "import", _("import")
    EXPORT = "export", _("export")
    LOGIN_FAILURE = "login_failure", _("login failure")
    APPROVE = "approve", _("approve")
    UNAPPROVE = "unapprove", _("unapprove")


class AuditChannel(models.TextChoices):
    PAGE = "page", _("web page")
    API = "api", _("REST API")
    OGC = "ogc", _("OGC API")
    TILES = "tiles", _("vector tiles")
    EXPORT = "export", _("export")
    COMMAND = "command", _("command")
    ADMIN = "admin", _("administration")


class AuditEvent(models.Model):
    """One export or one change of one object (or one import of many rows)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # No database foreign key: deleting an account must not need to touch the log.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=AuditChannel.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_key = models.CharField(_("object"), max_length=200, blank=True)
    filter = models.JSONField(_("filter"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["object_type", "object_key"], name="auditevent_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '—'} {self.action} {self.object_type}"
