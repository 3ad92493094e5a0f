"""Data quality of the monthly figures: validation rules, outlier bounds, cell notes,
commune-months marked complete, and period approvals that lock entry.

DHIS2's data-entry, data-quality and data-approval apps are the model users know:

- a :class:`ValidationRule` compares two sums of indicators of one commune and month
  (``left operator right``), e.g. relapses ≤ people under post-rehab management;
- an :class:`OutlierBound` gives the lowest and highest plausible value of an indicator
  (for every commune, or for one), next to the statistical test on the commune's own
  history (:mod:`monitoring.quality.outliers`);
- a :class:`CellNote` is the comment on one cell (commune × month × indicator); when it
  confirms a flagged value it keeps the value it confirms;
- a :class:`ReportSubmission` says a reporter has finished a commune's month;
- a :class:`PeriodApproval` approves a month for an area (any level); while it stands,
  the month is locked for entry and import in every commune of the area.

Only aggregated counts are stored here as everywhere: no table holds people.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RuleOperator(models.TextChoices):
    LE = "<=", "≤"
    LT = "<", "<"
    GE = ">=", "≥"
    GT = ">", ">"
    EQ = "==", "="
    NE = "!=", "≠"


class RuleImportance(models.TextChoices):
    """What a breach does: an error refuses the figures, a warning lets them in and lists them."""

    ERROR = "error", _("error: the figures are refused")
    WARNING = "warning", _("warning: the figures are saved and listed")


class ValidationRule(models.Model):
    """``left operator right`` over one commune and month; each side is a sum of indicator
    codes and whole numbers (``relapses``, ``users_total - users_in_rehab``, ``0``)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    left = models.CharField(
        _("left side"), max_length=400, help_text=_("Indicator codes and whole numbers joined by + or -.")
    )
    operator = models.CharField(_("operator"), max_length=2, choices=RuleOperator.choices)
    right = models.CharField(
        _("right side"), max_length=400, help_text=_("Indicator codes and whole numbers joined by + or -.")
    )
    importance = models.CharField(
        _("importance"), max_length=7, choices=RuleImportance.choices, default=RuleImportance.WARNING
    )
    active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name_vi}: {self.left} {self.get_operator_display()} {self.right}"


class OutlierBound(models.Model):
    """The plausible range of an indicator's monthly value, for every commune
    (``unit`` empty) or for one commune (which then wins)."""

    indicator = models.ForeignKey(
        "monitoring.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="bounds"
    )
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outlier_bounds",
        help_text=_("Empty: the bound holds for every commune."),
    )
    minimum = models.PositiveIntegerField(_("lowest plausible value"), null=True, blank=True)
    maximum = models.PositiveIntegerField(_("highest plausible value"), null=True, blank=True)

    class Meta:
        verbose_name = _("outlier bound")
        verbose_name_plural = _("outlier bounds")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit"],
                name="outlierbound_one_per_indicator_unit",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(minimum__lte=models.F("maximum")),
                name="outlierbound_minimum_not_above_maximum",
            ),
        ]

    def __str__(self) -> str:
        low = "…" if self.minimum is None else self.minimum
        high = "…" if self.maximum is None else self.maximum
        return f"{self.indicator.code}: {low}–{high}"


class CellNote(models.Model):
    """The comment on one cell; ``confirmed_value`` is the flagged value it confirms."""

    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="cell_notes"
    )
    period = models.DateField(_("month"))
    indicator = models.ForeignKey(
        "monitoring.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="notes"
    )
    comment = models.TextField(_("comment"), max_length=2000)
    confirmed_value = models.IntegerField(
        _("confirmed value"),
        null=True,
        blank=True,
        help_text=_("The flagged value the reporter confirmed as correct."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("cell comment")
        verbose_name_plural = _("cell comments")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "indicator"], name="cellnote_one_per_cell"),
            models.CheckConstraint(condition=Q(period__day=1), name="cellnote_period_is_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period:%Y-%m} {self.indicator_id}: {self.comment[:40]}"


class ReportSubmission(models.Model):
    """A reporter has marked a commune's month complete."""

    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="submissions"
    )
    period = models.DateField(_("month"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.SET_NULL, null=True
    )
    submitted_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        verbose_name = _("commune-month marked complete")
        verbose_name_plural = _("commune-months marked complete")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="reportsubmission_one_per_unit_month"),
            models.CheckConstraint(
                condition=Q(period__day=1), name="reportsubmission_period_is_first_of_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period:%Y-%m}"


class PeriodApproval(models.Model):
    """A month approved for an area (province, district or commune): while it stands the
    month is locked for entry and import in every commune of the area."""

    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("area"), on_delete=models.PROTECT, related_name="approvals"
    )
    period = models.DateField(_("month"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.SET_NULL, null=True
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    class Meta:
        verbose_name = _("period approval")
        verbose_name_plural = _("period approvals")
        permissions = [("approve_period", _("Can approve and unapprove a period's figures for an area"))]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="periodapproval_one_per_unit_month"),
            models.CheckConstraint(
                condition=Q(period__day=1), name="periodapproval_period_is_first_of_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period:%Y-%m}"


__all__ = [
    "CellNote",
    "OutlierBound",
    "PeriodApproval",
    "ReportSubmission",
    "RuleImportance",
    "RuleOperator",
    "ValidationRule",
]
