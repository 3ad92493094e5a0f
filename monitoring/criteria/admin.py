"""Admin for criteria sets, their class rules and criteria, and key-route facts.

A criteria set lists its class rules inline; each class rule's page lists its criteria
inline (Django admin does not nest inlines). The criteria list filters the unconfirmed
ones and lets an administrator type thresholds from the legal text in place.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from monitoring.models import ClassRule, CriteriaSet, Criterion, KeyRouteMembership
from monitoring.models.criteria import COMPOSITE


class ClassRuleInline(admin.TabularInline):
    model = ClassRule
    extra = 0
    fields = ["order", "drug_class", "min_criteria"]
    show_change_link = True


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "valid_from", "active"]
    list_filter = ["scheme", "active"]
    search_fields = ["name", "legal_reference"]
    inlines = [ClassRuleInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    fk_name = "class_rule"
    extra = 0
    fields = [
        "order",
        "letter",
        "description",
        "kind",
        "indicator_codes",
        "threshold",
        "upper_bound",
        "parent",
        "other_rule",
        "confirmed",
        "note",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only sub-criteria parents of this rule and rules of the same set."""
        rule_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name == "parent":
            kwargs["queryset"] = Criterion.objects.filter(class_rule_id=rule_id, kind__in=COMPOSITE)
        elif db_field.name == "other_rule":
            same_set = ClassRule.objects.filter(criteria_set__rules__id=rule_id)
            kwargs["queryset"] = same_set.exclude(id=rule_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ClassRule)
class ClassRuleAdmin(admin.ModelAdmin):
    list_display = ["criteria_set", "drug_class", "min_criteria", "order"]
    list_filter = ["criteria_set", "drug_class"]
    list_select_related = ["criteria_set"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "rule", "kind", "threshold", "upper_bound", "confirmed"]
    list_editable = ["threshold", "upper_bound"]
    list_filter = ["confirmed", "kind", "class_rule__criteria_set", "class_rule__drug_class"]
    search_fields = ["letter", "description", "note"]
    list_select_related = ["class_rule__criteria_set"]
    raw_id_fields = ["class_rule", "parent", "other_rule"]

    @admin.display(description=_("class rule"), ordering="class_rule")
    def rule(self, criterion):
        return criterion.class_rule


@admin.register(KeyRouteMembership)
class KeyRouteMembershipAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "note"]
    list_filter = ["year"]
    search_fields = ["unit__code", "unit__name", "note"]
    raw_id_fields = ["unit"]
    list_select_related = ["unit"]
