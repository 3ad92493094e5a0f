"""Admin for validation rules: both sides are read with the indicator codes on save, so
a rule that cannot be checked is never stored (the form names the side, the position
and the unknown code)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from core.errors import BadInput
from monitoring.audit.admin_mixin import AuditedAdminMixin
from monitoring.models import Indicator, ValidationRule
from monitoring.quality.rules import part_whole_rule, side_parse

__all__ = ["ValidationRuleAdmin", "ValidationRuleForm"]


class ValidationRuleForm(forms.ModelForm):
    class Meta:
        model = ValidationRule
        fields = [
            "code",
            "name_vi",
            "name_en",
            "left",
            "operator",
            "right",
            "importance",
            "active",
            "description",
        ]

    def clean(self):
        data = super().clean()
        indicators = list(Indicator.objects.all())
        codes = {indicator.code: indicator.id for indicator in indicators}
        by_id = {indicator.id: indicator for indicator in indicators}
        builtin = {part_whole_rule(i, by_id[i.part_of_id]).code for i in indicators if i.part_of_id in by_id}
        if data.get("code") in builtin:
            self.add_error(
                "code", _("“%(code)s” is the code of a built-in rule (part ≤ whole): choose another.") % data
            )
        for side in ("left", "right"):
            if data.get(side) is not None:
                try:
                    side_parse(data[side], indicators=codes, parameter=self.fields[side].label)
                except BadInput as error:
                    self.add_error(side, str(error))
        return data


@admin.register(ValidationRule)
class ValidationRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = ValidationRuleForm
    list_display = ["code", "name_vi", "left", "operator", "right", "importance", "active"]
    list_filter = ["importance", "active"]
    search_fields = ["code", "name_vi", "name_en", "left", "right"]
