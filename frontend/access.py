"""Who may open a page: login, model permissions and areas, checked in one place.

``permission_required_403`` sends an anonymous visitor to the login page and answers a
logged-in user who lacks a permission with a 403 page in their language (JSON for the
map's JSON endpoints) instead of Django's redirect back to the login page, which loops
for someone already logged in.
"""

import functools

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.permissions import DjangoModelPermissions

from core.errors import Forbidden
from frontend.errors import app_error_response

__all__ = ["ModelViewPermissions", "forbidden", "has_all", "lockout_response", "permission_required_403"]


def has_all(user, permissions) -> bool:
    """Whether ``user`` holds every permission (``"app.codename"``) in ``permissions``."""
    return user.is_authenticated and user.has_perms(list(permissions))


def forbidden(request, message: str | None = None):
    """The 403 answer: JSON for a JSON endpoint, the friendly page otherwise."""
    message = message or _("Your account does not have the permission to open this page.")
    return app_error_response(request, Forbidden(message))


def permission_required_403(*permissions: str):
    """Require a logged-in user holding every permission in ``permissions``.

    >>> @permission_required_403("monitoring.view_casecount")
    ... def risk_map_page(request): ...
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not has_all(request.user, permissions):
                return forbidden(request)
            return view(request, *args, **kwargs)

        wrapped.required_permissions = permissions
        return wrapped

    return decorator


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer once a username + address is locked out (HTTP 429)."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


class ModelViewPermissions(DjangoModelPermissions):
    """For REST/OGC views: reading needs the model's ``view_`` permission too (DRF's own
    class lets any logged-in user read), writing the add/change/delete ones."""

    perms_map = DjangoModelPermissions.perms_map | {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }
