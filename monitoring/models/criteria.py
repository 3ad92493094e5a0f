"""Classification criteria sets as data, versioned by legal basis, and key-route facts.

A ``CriteriaSet`` (one legal basis from a year on) holds a ``ClassRule`` per class,
evaluated from the most severe down; each rule holds ``Criterion`` rows. The product
*proposes* a class from a commune's yearly figures with these rules
(:mod:`monitoring.criteria`); the official class stays in ``Classification``.

Composite criteria (any of, all of) hold their sub-criteria as ``parts``; only top-level
criteria count towards a rule's minimum. A threshold left empty is never guessed: the
criterion is reported as not evaluated until an administrator enters one.
"""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from monitoring.models.classification import ClassificationScheme, DrugClass

UNCONFIRMED_NOTE = "chưa xác nhận — cần quản trị viên nhập theo văn bản"


class CriterionKind(models.TextChoices):
    SHARE = "share", _("Share of population: indicators' sum / population ≥ threshold %")
    COUNT = "count", _("Count: indicators' sum ≥ threshold")
    ANY_OF = "any_of", _("Any of its sub-criteria")
    ALL_OF = "all_of", _("All of its sub-criteria")
    ZERO = "zero", _("Equals zero: indicators' sum = 0")
    KEY_ROUTE = "key_route", _("Lies on a key drug route (recorded yearly)")
    MEETS_RULE = "meets_rule", _("Meets at least threshold criteria of another class rule")


READS_INDICATORS = [CriterionKind.SHARE, CriterionKind.COUNT, CriterionKind.ZERO]
HAS_THRESHOLD = [CriterionKind.SHARE, CriterionKind.COUNT, CriterionKind.MEETS_RULE]
COMPOSITE = [CriterionKind.ANY_OF, CriterionKind.ALL_OF]
CLASSES = [c for c in DrugClass.values if c != DrugClass.NOT_CLASSIFIED]


class CriteriaSet(models.Model):
    """The criteria of one legal basis, in force from a year on (bộ tiêu chí phân loại)."""

    scheme = models.CharField(_("legal basis"), max_length=20, choices=ClassificationScheme.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_reference = models.TextField(_("legal reference"), blank=True)
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["scheme", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scheme__in=ClassificationScheme.values), name="criteriaset_scheme_known"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__gte=2000, valid_from__lte=2100), name="criteriaset_year_plausible"
            ),
            models.UniqueConstraint(
                fields=["scheme", "valid_from"],
                condition=Q(active=True),
                name="criteriaset_one_active_per_scheme_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from})"


class ClassRule(models.Model):
    """When a unit falls in one class: at least ``min_criteria`` criteria fire (or all)."""

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.CASCADE, related_name="rules"
    )
    drug_class = models.CharField(_("class"), max_length=12, choices=DrugClass.choices)
    min_criteria = models.PositiveSmallIntegerField(
        _("minimum criteria met"),
        null=True,
        blank=True,
        help_text=_("Empty: every criterion must hold (drug-free)."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Rules are tried from the lowest order (most severe) up.")
    )

    class Meta:
        verbose_name = _("class rule")
        verbose_name_plural = _("class rules")
        ordering = ["criteria_set", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "drug_class"], name="classrule_one_per_class"),
            models.CheckConstraint(condition=Q(drug_class__in=CLASSES), name="classrule_class_known"),
            models.CheckConstraint(
                condition=Q(min_criteria__isnull=True) | Q(min_criteria__gte=1),
                name="classrule_min_criteria_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criteria_set}: {self.get_drug_class_display()}"


class Criterion(models.Model):
    """One criterion (tiêu chí), e.g. ``a``: users ≥ 0.5 % of the population."""

    class_rule = models.ForeignKey(
        ClassRule, verbose_name=_("class rule"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        help_text=_("Set for a sub-criterion of an 'any of' or 'all of' criterion."),
    )
    letter = models.CharField(_("letter"), max_length=6)
    description = models.TextField(_("description (Vietnamese)"))
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    indicator_codes = ArrayField(
        models.SlugField(max_length=40),
        verbose_name=_("indicator codes"),
        default=list,
        blank=True,
        help_text=_("Comma-separated; their values are summed."),
    )
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Percent for a share; empty: not evaluated."),
    )
    upper_bound = models.DecimalField(
        _("upper bound (exclusive)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    other_rule = models.ForeignKey(
        ClassRule,
        verbose_name=_("other class rule"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed = models.BooleanField(_("confirmed against the legal text"), default=False)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["class_rule", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["class_rule", "letter"], name="criterion_unique_letter_per_rule"),
            models.CheckConstraint(condition=Q(kind__in=CriterionKind.values), name="criterion_kind_known"),
            models.CheckConstraint(condition=~Q(letter=""), name="criterion_letter_given"),
            models.CheckConstraint(
                condition=Q(threshold__isnull=True) | Q(threshold__gte=0),
                name="criterion_threshold_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(upper_bound__isnull=True)
                | Q(threshold__isnull=False, upper_bound__gt=F("threshold")),
                name="criterion_upper_bound_above_threshold",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=HAS_THRESHOLD) | Q(threshold__isnull=True),
                name="criterion_threshold_only_where_compared",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=READS_INDICATORS, indicator_codes__len__gt=0)
                | (~Q(kind__in=READS_INDICATORS) & Q(indicator_codes__len=0)),
                name="criterion_indicators_only_where_read",
            ),
            models.CheckConstraint(
                condition=Q(kind=CriterionKind.MEETS_RULE, other_rule__isnull=False)
                | (~Q(kind=CriterionKind.MEETS_RULE) & Q(other_rule__isnull=True)),
                name="criterion_other_rule_only_for_meets_rule",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="criterion_not_part_of_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.letter}) {self.description}"

    def clean(self) -> None:
        from monitoring.models.counts import Indicator

        super().clean()
        read = Indicator.objects.filter(code__in=self.indicator_codes)
        known = dict(read.values_list("code", "part_of__code"))
        unknown = [code for code in self.indicator_codes if code not in known]
        if unknown:
            raise ValidationError({"indicator_codes": _("Unknown indicator code: %s.") % ", ".join(unknown)})
        for code, whole in known.items():
            if whole in known:
                raise ValidationError(
                    {
                        "indicator_codes": _(
                            "“%(part)s” is part of “%(whole)s”: reading both counts the same people twice."
                        )
                        % {"part": code, "whole": whole}
                    }
                )
        if self.parent_id is not None and self.class_rule_id is not None:
            parent = self.parent
            if parent.class_rule_id != self.class_rule_id or parent.kind not in COMPOSITE:
                message = _("A sub-criterion belongs to an 'any of' or 'all of' criterion of the same rule.")
                raise ValidationError({"parent": message})
        if self.other_rule_id is not None and self.class_rule_id is not None:
            rule = self.class_rule
            if self.other_rule_id == rule.pk or self.other_rule.criteria_set_id != rule.criteria_set_id:
                message = _("Choose another class rule of the same criteria set.")
                raise ValidationError({"other_rule": message})


class KeyRouteMembership(models.Model):
    """A unit lies on a key drug route (tuyến trọng điểm về ma túy) in a year, as recorded
    by an administrator; no row means it does not."""

    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="key_routes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.CharField(_("route or decision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("key drug route membership")
        verbose_name_plural = _("key drug route memberships")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="keyroute_unique_unit_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="keyroute_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


__all__ = [
    "UNCONFIRMED_NOTE",
    "ClassRule",
    "CriteriaSet",
    "Criterion",
    "CriterionKind",
    "KeyRouteMembership",
]
