"""Admin for outlier bounds: the lowest and highest plausible monthly value of an
indicator, for every commune (commune empty) or for one commune, which then wins.
Changes are audited like every admin change."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from monitoring.audit.admin_mixin import AuditedAdminMixin
from monitoring.models import OutlierBound


@admin.register(OutlierBound)
class OutlierBoundAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["indicator", "commune", "minimum", "maximum"]
    list_filter = ["indicator"]
    search_fields = ["indicator__code", "indicator__name_vi", "unit__code", "unit__name"]
    raw_id_fields = ["unit"]
    list_select_related = ["indicator", "unit"]

    @admin.display(description=_("commune"), ordering="unit__code")
    def commune(self, bound):
        return bound.unit or _("every commune")
