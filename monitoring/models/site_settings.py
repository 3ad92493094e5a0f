"""Settings an administrator changes at run time: one row (``pk = 1``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SiteSettings(models.Model):
    """Whether anonymous visitors get the public risk map, and its small-count threshold."""

    public_view_enabled = models.BooleanField(
        _("public view enabled"),
        default=False,
        help_text=_("Anonymous visitors may open /public/: protected aggregates only."),
    )
    small_count_threshold = models.PositiveSmallIntegerField(
        _("small-count threshold"),
        null=True,
        blank=True,
        help_text=_("Counts from 1 up to this value minus one are hidden. Empty: the server setting."),
    )
    field_correction_hours = models.PositiveIntegerField(
        _("hours to correct a field visit"),
        default=72,
        help_text=_("An inspector may correct or withdraw a visit they recorded for this many hours."),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="sitesettings_single_row"),
            models.CheckConstraint(
                condition=Q(small_count_threshold__isnull=True) | Q(small_count_threshold__gte=2),
                name="sitesettings_threshold_at_least_two",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Site settings"))

    @property
    def threshold(self) -> int:
        return self.small_count_threshold or settings.SMALL_COUNT_THRESHOLD

    @classmethod
    def load(cls) -> "SiteSettings":
        """The one row, created with defaults on first use."""
        return cls.objects.get_or_create(pk=1)[0]
