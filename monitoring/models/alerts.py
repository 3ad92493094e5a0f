"""Early-warning alerts: a commune's monthly figure far above its baseline
(``monitoring.alerts.rule``), and what a leader did about it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AlertState(models.TextChoices):
    NEW = "new", _("new")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    CLOSED = "closed", _("closed")


class Alert(models.Model):
    """One commune × indicator × month whose value exceeded its expected level (cảnh báo sớm)."""

    commune = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="alerts"
    )
    indicator = models.ForeignKey(
        "monitoring.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="alerts"
    )
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    rule = models.CharField(_("rule"), max_length=40)
    value = models.IntegerField(_("value"))
    expected = models.FloatField(_("expected"))
    dispersion = models.FloatField(_("dispersion"), default=1.0)
    p_value = models.FloatField(_("p-value"))
    score = models.FloatField(_("score"))
    state = models.CharField(_("state"), max_length=12, choices=AlertState.choices, default=AlertState.NEW)
    note = models.TextField(_("note"), blank=True)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-month", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "indicator", "month", "rule"], name="alert_unique_commune_indicator_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="alert_month_is_first_of_month"),
        ]
        indexes = [models.Index(fields=["month", "state"], name="alert_month_state")]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.month:%Y-%m} {self.indicator_id}={self.value} ({self.state})"


__all__ = ["Alert", "AlertState"]
