"""API permissions: Django model permissions, reading included (DRF's own class lets
any authenticated user read). The user's area is applied in each view's queryset."""

from rest_framework.permissions import DjangoModelPermissions

__all__ = ["ModelPermissions"]


class ModelPermissions(DjangoModelPermissions):
    """``view_<model>`` to read, ``add``/``change``/``delete`` to write."""

    perms_map = DjangoModelPermissions.perms_map | {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def _queryset(self, view):
        """The view's declared queryset names the model; its ``get_queryset`` (filters,
        scope) runs once, later, for the response."""
        if getattr(view, "queryset", None) is not None:
            return view.queryset
        return super()._queryset(view)
