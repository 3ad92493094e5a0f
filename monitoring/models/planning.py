"""Planning scenarios: a named set of planned counselling points with the settings
they were judged under, so two plans can be compared side by side."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PlanningScenario(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    period = models.CharField(_("period"), max_length=10)
    demand = models.CharField(_("demand"), max_length=40, help_text=_("Indicator code, or “population”."))
    radius_m = models.PositiveIntegerField(_("service radius (m)"))
    border_weight = models.FloatField(_("border weight"), default=1.0)
    points = models.JSONField(_("planned points"), default=list, help_text=_("[{lon, lat, label}, …]"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("planning scenario")
        verbose_name_plural = _("planning scenarios")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(radius_m__gt=0), name="scenario_radius_positive"),
            models.CheckConstraint(
                condition=Q(border_weight__gte=1), name="scenario_border_weight_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return self.name
