"""A commune's yearly classification regarding drugs, with its legal basis."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.parse import PlausibleDate


class ClassificationScheme(models.TextChoices):
    """Legal basis of a classification (căn cứ pháp lý)."""

    QD_28_2025 = "qd28_2025", _("QĐ 28/2025/QĐ-TTg (key areas and drug-free areas)")
    QD_3122_2010 = "qd3122_2010", _("QĐ 3122/2010/QĐ-BCA (key communes)")
    HEALTHY_COMMUNE = (
        "healthy_commune",
        _("Healthy commune free of drug and prostitution evils (NQLT 01/2008)"),
    )


class DrugClass(models.TextChoices):
    DRUG_FREE = "drug_free", _("Drug-free (không ma túy)")
    TYPE_I = "type_1", _("Key area type I")
    TYPE_II = "type_2", _("Key area type II")
    TYPE_III = "type_3", _("Key area type III")
    NOT_CLASSIFIED = "none", _("Not classified")


class Classification(models.Model):
    """The official class an authority decided for a unit in a year (phân loại địa bàn).

    The product may *propose* a class from the figures; this table holds what was decided.
    """

    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="classifications",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    scheme = models.CharField(_("legal basis"), max_length=20, choices=ClassificationScheme.choices)
    drug_class = models.CharField(_("class"), max_length=12, choices=DrugClass.choices)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    # A decision is dated the day it was signed: never after today.
    decision_date = models.DateField(_("decision date"), null=True, blank=True, validators=[PlausibleDate()])
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["unit__code", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "scheme"], name="classification_unique_unit_year_scheme"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="classification_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(drug_class__in=DrugClass.values), name="classification_class_known"
            ),
            models.CheckConstraint(
                condition=Q(scheme__in=ClassificationScheme.values),
                name="classification_scheme_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.get_drug_class_display()}"
