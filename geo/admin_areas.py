"""Admin pages show a staff member who is not a superuser only the rows in their areas,
refuse to open or change others, and refuse a form that would move a row out of them.

``area_field`` is the lookup from the model to its ``AdminUnit`` (``"commune"``,
``"unit"``, ``"establishment__commune"``); ``""`` means the row is a unit itself, judged
by its parent. A place's commune is derived from its location by the database, so for
``"commune"`` the form's location decides.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from geo.areas import Area
from geo.selectors import commune_at

__all__ = ["AreaScopedAdminMixin"]

_SKIP = object()


class AreaScopedAdminMixin:
    area_field: str = "commune"

    # --- rows --------------------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(Area.of(request.user).q(self.area_field or "pk"))

    def _unit_id_of(self, obj):
        if not self.area_field:
            return obj.pk
        value = obj
        for part in self.area_field.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value.pk

    def in_area(self, request, obj) -> bool:
        return obj is None or Area.of(request.user).contains(self._unit_id_of(obj))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_area(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_area(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_area(request, obj)

    # --- forms -------------------------------------------------------------------
    def target_unit_id(self, data: dict, request):
        """The unit the submitted form would put the row in (``_SKIP``: cannot tell yet,
        another field error is shown)."""
        if not self.area_field:
            parent = data.get("parent")
            return parent.pk if parent is not None else None
        path = self.area_field.split("__")
        if path == ["commune"]:
            if data.get("location") is None:
                return _SKIP
            commune = commune_at(point=data["location"])
            return commune.pk if commune else None
        value = data.get(path[0])
        if value is None:
            return _SKIP
        for part in path[1:]:
            value = getattr(value, part, None)
            if value is None:
                return None
        return value.pk

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        area = Area.of(request.user)
        if area.is_everything:
            return form_class
        admin = self

        class AreaForm(form_class):
            def clean(self):
                data = super().clean()
                target = admin.target_unit_id(data, request)
                if target is not _SKIP and not area.contains(target):
                    raise ValidationError(
                        _(
                            "This would place the record outside your areas; "
                            "only an administrator can do that."
                        )
                    )
                return data

        return AreaForm
