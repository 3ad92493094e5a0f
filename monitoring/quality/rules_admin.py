"""Admin for validation rules: both sides are read with the indicator codes on save, so
a rule that cannot be checked is never stored (the form names the side, the position
and the unknown code)."""

from django import forms
from django.contrib import admin

from core.errors import BadInput
from monitoring.audit.admin_mixin import AuditedAdminMixin
from monitoring.models import Indicator, ValidationRule
from monitoring.quality.rules import side_parse

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
        codes = dict(Indicator.objects.values_list("code", "id"))
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
