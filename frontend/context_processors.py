"""Template context every page may use."""

from django.utils.functional import SimpleLazyObject

__all__ = ["demo_accounts", "public_view"]


def _enabled() -> bool:
    from monitoring.models import SiteSettings

    return SiteSettings.load().public_view_enabled


def public_view(request) -> dict:
    """``public_view_enabled``, read from the site settings only when a template asks."""
    return {"public_view_enabled": SimpleLazyObject(_enabled)}


def _demo_accounts() -> dict:
    from monitoring.demo.accounts import DEMO_PASSWORD, demo_accounts_shown

    return {"accounts": demo_accounts_shown(), "password": DEMO_PASSWORD}


def demo_accounts(request) -> dict:
    """``demo``: the demo accounts and their password while the demo province is loaded
    (read only when a template asks: the login page)."""
    return {"demo": SimpleLazyObject(_demo_accounts)}
