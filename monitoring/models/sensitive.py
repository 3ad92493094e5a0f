"""Sensitive sites: schools, hospitals, religious and heritage sites.

Karaoke parlours and discotheques must keep a minimum distance from them (Decree
54/2019/NĐ-CP, art. 5 and 6); the inspectors' page flags those that do not (see
``monitoring.establishments.proximity``). Sites are imported from a CSV or XLSX file by
``monitoring.services.sensitive_sites.sensitive_sites_import``.
"""

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SensitiveSiteKind(models.TextChoices):
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    RELIGIOUS = "religious", _("Religious site")
    HERITAGE = "heritage", _("Heritage site")


class SensitiveSite(models.Model):
    """A place a karaoke or discotheque must stay a minimum distance from."""

    kind = models.CharField(_("kind"), max_length=10, choices=SensitiveSiteKind.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    location = models.PointField(_("location"), srid=4326)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("sensitive site")
        verbose_name_plural = _("sensitive sites")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SensitiveSiteKind.values), name="sensitivesite_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name
