"""Legend sets (as in DHIS2): fixed classes and colours an administrator defines for an
indicator and measure, so a map reads the same in every period and every report."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MEASURE_KIND_CHOICES = [  # monitoring.figures.measures.KINDS
    ("count", _("Indicator: count")),
    ("rate", _("Indicator: per 10,000 residents")),
    ("change", _("Change against the previous period")),
    ("change_yoy", _("Change against the same period last year")),
    ("risk", _("Composite risk score")),
    ("classification", _("Share of drug-free communes (%)")),
]
COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write the colour as #rrggbb, e.g. #fd8d3c."))


class LegendSet(models.Model):
    """Classes of one measure kind of one indicator (no indicator: the risk score or the
    districts' drug-free share). The first class starts at ``lower``; each class ends
    (inclusively) at its ``upper``."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    indicator = models.ForeignKey(
        "monitoring.Indicator", verbose_name=_("indicator"), null=True, blank=True, on_delete=models.CASCADE
    )
    measure_kind = models.CharField(_("measure"), max_length=20, choices=MEASURE_KIND_CHOICES)
    lower = models.FloatField(_("start of the first class"), default=0)

    class Meta:
        verbose_name = _("legend set")
        verbose_name_plural = _("legend sets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measure_kind"], name="legendset_one_per_measure", nulls_distinct=False
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LegendClass(models.Model):
    legend_set = models.ForeignKey(LegendSet, related_name="classes", on_delete=models.CASCADE)
    upper = models.FloatField(_("end of the class (included)"))
    colour = models.CharField(_("colour"), max_length=7, validators=[COLOUR])
    label = models.CharField(_("label"), max_length=80, blank=True, help_text=_("Empty: the class's bounds."))

    class Meta:
        verbose_name = _("legend class")
        verbose_name_plural = _("legend classes")
        ordering = ["legend_set", "upper"]
        constraints = [
            models.UniqueConstraint(fields=["legend_set", "upper"], name="legendclass_distinct_ends"),
        ]

    def __str__(self) -> str:
        return self.label or f"≤ {self.upper:g}"
