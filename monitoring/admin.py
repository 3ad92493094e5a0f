"""Admin for monitoring data, with offline map widgets for places."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from geo.admin import OfflineMapAdmin
from geo.admin_areas import AreaScopedAdminMixin
from monitoring.audit.admin_mixin import AuditedAdminMixin
from monitoring.audit.record import audit_record
from monitoring.models import (
    CaseCount,
    Classification,
    CounsellingPoint,
    Establishment,
    Indicator,
    Inspection,
    LegendClass,
    LegendSet,
    TreatmentFacility,
)
from monitoring.services.case_counts import case_counts_check
from monitoring.services.errors import MonitoringError


@admin.register(Classification)
class ClassificationAdmin(AreaScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    area_field = "unit"
    list_display = ["unit", "year", "scheme", "drug_class", "decision_number", "decision_date"]
    list_filter = ["year", "scheme", "drug_class"]
    search_fields = ["unit__code", "unit__name", "decision_number"]
    raw_id_fields = ["unit"]


class InspectionInline(admin.TabularInline):
    model = Inspection
    extra = 0
    fields = ["date", "team", "result", "violations", "follow_up_due"]


@admin.register(Establishment)
class EstablishmentAdmin(AreaScopedAdminMixin, AuditedAdminMixin, OfflineMapAdmin):
    list_display = ["name", "type", "commune", "prone", "status", "licence_number"]
    list_filter = ["type", "prone", "status", "is_demo"]
    search_fields = ["name", "address", "licence_number", "commune__name"]
    readonly_fields = ["commune"]
    list_select_related = ["commune"]
    inlines = [InspectionInline]


@admin.register(Inspection)
class InspectionAdmin(AreaScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    area_field = "establishment__commune"
    list_display = ["establishment", "date", "team", "result", "follow_up_due", "state", "conflict"]
    list_filter = ["result", "state", "conflict", "date"]
    readonly_fields = ["idempotency_key", "recorded_by", "recorded_at", "position", "position_accuracy_m"]
    search_fields = ["establishment__name", "team"]
    raw_id_fields = ["establishment"]
    date_hierarchy = "date"


@admin.register(CounsellingPoint)
class CounsellingPointAdmin(AreaScopedAdminMixin, AuditedAdminMixin, OfflineMapAdmin):
    list_display = ["name", "commune", "status", "opened_on", "staff"]
    list_filter = ["status", "is_demo"]
    search_fields = ["name", "commune__name"]
    readonly_fields = ["commune"]


@admin.register(TreatmentFacility)
class TreatmentFacilityAdmin(AreaScopedAdminMixin, AuditedAdminMixin, OfflineMapAdmin):
    list_display = ["name", "kind", "commune", "capacity"]
    list_filter = ["kind", "is_demo"]
    readonly_fields = ["commune"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_vi",
        "name_en",
        "unit_label",
        "sensitive",
        "part_of",
        "display_order",
    ]
    list_editable = ["display_order"]
    search_fields = ["code", "name_vi", "name_en"]


class CaseCountForm(forms.ModelForm):
    class Meta:
        model = CaseCount
        fields = ["unit", "period", "indicator", "value", "source", "reported_on"]

    def clean(self):
        data = super().clean()
        unit, period, indicator, value = (data.get(k) for k in ("unit", "period", "indicator", "value"))
        if None not in (unit, period, indicator, value):
            try:
                case_counts_check(unit=unit, period=period, values={indicator: value})
            except MonitoringError as error:
                raise ValidationError(str(error)) from error
        return data


@admin.register(CaseCount)
class CaseCountAdmin(AreaScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    area_field = "unit"
    form = CaseCountForm
    list_display = ["unit", "period", "indicator", "value", "source", "reported_on"]
    list_filter = ["indicator", "period"]
    search_fields = ["unit__code", "unit__name"]
    raw_id_fields = ["unit"]
    list_select_related = ["unit", "indicator"]
    date_hierarchy = "period"
    show_full_result_count = False

    @admin.display(description=_("unit"))
    def unit_name(self, count):
        return count.unit.name


# Criteria sets, class rules, criteria and key-route facts live with the criteria.
from monitoring.criteria import admin as criteria_admin  # noqa: E402, F401
from monitoring.models import SensitiveSite  # noqa: E402


@admin.register(SensitiveSite)
class SensitiveSiteAdmin(OfflineMapAdmin):
    list_display = ["name", "kind", "address", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "address"]


# The audit log (read-only), the site settings and the accounts' guard rails.
from monitoring import admin_security  # noqa: E402, F401

# Data quality: validation rules and outlier bounds.
from monitoring.quality import bounds_admin, rules_admin  # noqa: E402, F401


class LegendClassFormSet(forms.BaseInlineFormSet):
    """Class ends above the set's start and all different: the map's breaks must rise."""

    def clean(self):
        # Before Django's own unique check, whose message does not name the value.
        lower = self.instance.lower
        ends = []
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            upper = form.cleaned_data.get("upper")
            if upper is None:
                continue
            if lower is not None and upper <= lower:
                raise ValidationError(
                    _("The class ending at %(upper)s must end above the first class's start, %(lower)s.")
                    % {"upper": f"{upper:g}", "lower": f"{lower:g}"}
                )
            if upper in ends:
                raise ValidationError(
                    _("Two classes end at %(upper)s: give each class a different end.")
                    % {"upper": f"{upper:g}"}
                )
            ends.append(upper)
        if not ends:
            raise ValidationError(_("A legend set needs at least one class."))
        super().clean()


class LegendClassInline(admin.TabularInline):
    model = LegendClass
    formset = LegendClassFormSet
    extra = 3


@admin.register(LegendSet)
class LegendSetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Fixed classes and colours for an indicator and measure (``breaks=legend`` on the
    risk map); class changes are audited with the set."""

    list_display = ["name", "indicator", "measure_kind", "lower"]
    list_filter = ["measure_kind"]
    inlines = [LegendClassInline]

    def save_formset(self, request, form, formset, change):
        def classes():
            return [(c.upper, c.colour, c.label) for c in form.instance.classes.order_by("upper")]

        before = classes() if change else []
        super().save_formset(request, form, formset, change)
        if (after := classes()) != before:
            audit_record(
                action="update",
                obj=form.instance,
                before={"classes": before},
                after={"classes": after},
                channel="admin",
            )


# The province report's template: header lines and the closing "tasks ahead".
from monitoring.models import ReportTemplate  # noqa: E402


@admin.register(ReportTemplate)
class ReportTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "agency", "number", "place"]
    search_fields = ["unit__code", "unit__name", "agency"]
    raw_id_fields = ["unit"]
