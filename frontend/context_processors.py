"""Template context every page may use."""

from django.utils.functional import SimpleLazyObject

__all__ = ["public_view"]


def _enabled() -> bool:
    from monitoring.models import SiteSettings

    return SiteSettings.load().public_view_enabled


def public_view(request) -> dict:
    """``public_view_enabled``, read from the site settings only when a template asks."""
    return {"public_view_enabled": SimpleLazyObject(_enabled)}
