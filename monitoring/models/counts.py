"""Indicators and the aggregated monthly case counts reported per commune.

Only aggregated counts are stored: no table holds people. A part may never exceed its
whole (``Indicator.part_of``); the database enforces it with a constraint trigger and
:mod:`monitoring.services.case_counts` checks it first to give a readable error.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.bilingual import in_language, unit_in_language
from core.parse import PlausibleDate


class Aggregation(models.TextChoices):
    """How monthly figures combine over a quarter or a year."""

    STOCK = "stock", _("Stock: the value of the period's last month")
    FLOW = "flow", _("Flow: the sum over the period's months")


class Indicator(models.Model):
    """A monthly figure provinces report (chỉ tiêu), e.g. addicts with records."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit_label = models.CharField(_("unit of measure"), max_length=30, default="người")
    sensitive = models.BooleanField(
        _("sensitive"),
        default=True,
        help_text=_("Small counts are protected when figures leave the system."),
    )
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        help_text=_("A part may never exceed its whole in the same commune and month."),
    )
    aggregation = models.CharField(
        _("aggregation over time"),
        max_length=5,
        choices=Aggregation.choices,
        default=Aggregation.STOCK,
        help_text=_("People under management are a stock; arrests and destroyed crops are flows."),
    )
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["display_order", "code"]
        constraints = [
            models.CheckConstraint(condition=~Q(part_of=F("id")), name="indicator_not_part_of_itself"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language: what every page, legend and file header shows."""
        return in_language(self.name_vi, self.name_en)

    @property
    def unit(self) -> str:
        """The unit of measure in the active language (``unit_label`` is stored in Vietnamese)."""
        return unit_in_language(self.unit_label)


class CaseCount(models.Model):
    """An aggregated count for one unit, month and indicator (số liệu tổng hợp)."""

    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="case_counts",
    )
    period = models.DateField(_("month"), help_text=_("First day of the month."))
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="counts"
    )
    value = models.IntegerField(_("value"), validators=[MinValueValidator(0)])
    source = models.CharField(_("source"), max_length=200, blank=True)
    reported_on = models.DateField(
        _("reported on"), null=True, blank=True, validators=[PlausibleDate()]
    )  # a report is dated when it arrived: never after today
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("case count")
        verbose_name_plural = _("case counts")
        ordering = ["-period", "unit__code", "indicator__display_order"]
        permissions = [
            ("view_exact_counts", _("Can see exact small counts of sensitive indicators")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "indicator"],
                name="casecount_unique_unit_period_indicator",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="casecount_value_non_negative"),
            models.CheckConstraint(condition=Q(period__day=1), name="casecount_period_is_first_of_month"),
        ]
        # Covering: a month's figures of one indicator (a map, class breaks over a range)
        # are read from the index alone, not from one table page per figure.
        indexes = [
            models.Index(
                fields=["period", "indicator"],
                include=["unit", "value"],
                name="casecount_month_indicator_cov",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period:%Y-%m} {self.indicator.code}={self.value}"


__all__ = ["Aggregation", "CaseCount", "Indicator"]
