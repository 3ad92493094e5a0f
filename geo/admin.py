"""Admin for administrative units, the land border and country outlines.

Derived facts (area, border flag, distance to the border, places' communes) are
recomputed by services after every save; the admin never lets anyone type them.
"""

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from django.utils.translation import gettext_lazy as _

from core.admin_readonly import ReadOnlyAdminMixin
from geo.admin_areas import AreaScopedAdminMixin
from geo.models import AdminUnit, BorderLine, CountryOutline, RegisterUnit, UserArea
from geo.services import admin_units_border_refresh
from geo.signals import communes_changed_send
from geo.widgets import OfflineMapWidget


class OfflineMapAdmin(GISModelAdmin):
    gis_widget = OfflineMapWidget


@admin.register(AdminUnit)
class AdminUnitAdmin(AreaScopedAdminMixin, OfflineMapAdmin):
    area_field = ""  # the unit itself
    list_display = [
        "code",
        "name",
        "level",
        "kind",
        "parent",
        "population",
        "area_km2",
        "is_border",
        "border_distance_km",
        "valid_from",
        "valid_to",
        "is_demo",
    ]
    list_filter = [
        "level",
        "kind",
        "is_border",
        "is_demo",
        ("valid_to", admin.EmptyFieldListFilter),
    ]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["area_m2", "is_border", "border_distance_m"]

    @admin.display(description=_("area (km²)"), ordering="area_m2")
    def area_km2(self, unit):
        return None if unit.area_m2 is None else round(unit.area_m2 / 1e6, 2)

    @admin.display(description=_("distance to border (km)"), ordering="border_distance_m")
    def border_distance_km(self, unit):
        return None if unit.border_distance_m is None else round(unit.border_distance_m / 1000, 1)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "geom" in form.changed_data or "valid_to" in form.changed_data:
            admin_units_border_refresh(unit_ids=[obj.pk])
            communes_changed_send(sender=AdminUnit)


@admin.register(BorderLine)
class BorderLineAdmin(OfflineMapAdmin):
    list_display = ["neighbour", "source"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        admin_units_border_refresh()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        admin_units_border_refresh()


@admin.register(CountryOutline)
class CountryOutlineAdmin(OfflineMapAdmin):
    list_display = ["iso3", "name_vi", "name_en"]


@admin.register(RegisterUnit)
class RegisterUnitAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The official register, as loaded by ``load_register`` (read here, replaced whole there)."""

    list_display = ["code", "name", "level", "province_code", "valid_from", "source"]
    list_filter = ["level", "province_code"]
    search_fields = ["code", "name"]


@admin.register(UserArea)
class UserAreaAdmin(AreaScopedAdminMixin, admin.ModelAdmin):
    """Areas are granted within the granting staff member's own areas, and nobody but a
    superuser changes their own."""

    area_field = "unit"
    list_display = ["user", "unit"]
    list_filter = ["unit__level"]
    search_fields = ["user__username", "unit__code", "unit__name"]
    raw_id_fields = ["unit"]

    def _own(self, request, obj) -> bool:
        return obj is not None and obj.user_id == request.user.pk and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._own(request, obj)

    def target_unit_id(self, data, request):
        user = data.get("user")
        if user is not None and user.pk == request.user.pk:
            return None  # refused: one's own areas
        return super().target_unit_id(data, request)
