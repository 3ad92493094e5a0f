"""The province report's template: what an administrator adjusts in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportTemplate(models.Model):
    """The header lines and the closing "tasks ahead" of the province report of one unit
    (or, without a unit, of every unit that has no template of its own). Empty lines take
    the defaults: the unit's People's Committee, "No.: …/BC-UBND" and the unit's name."""

    unit = models.OneToOneField(
        "geo.AdminUnit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_template",
        help_text=_("Empty: the template of every unit without its own."),
    )
    agency = models.CharField(
        _("agency"), max_length=200, blank=True, help_text=_("e.g. ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM")
    )
    number = models.CharField(_("number"), max_length=80, blank=True, help_text=_("e.g. Số: 12/BC-UBND"))
    place = models.CharField(_("place"), max_length=120, blank=True, help_text=_("e.g. Quảng Nam"))
    tasks_ahead = models.TextField(
        _("tasks ahead"),
        blank=True,
        help_text=_("The closing section's text, one paragraph a line; the clerk edits it in the DOCX."),
    )

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=models.Q(unit__isnull=True), name="reporttemplate_one_default"
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit) if self.unit_id else str(_("Every unit"))

    @classmethod
    def for_unit(cls, unit) -> "ReportTemplate":
        """The unit's template, else the default one, else an empty (unsaved) template."""
        templates = {
            t.unit_id: t for t in cls.objects.filter(models.Q(unit=unit) | models.Q(unit__isnull=True))
        }
        return templates.get(unit.pk) or templates.get(None) or cls()
