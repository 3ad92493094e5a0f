"""Template context every page may use."""

from django.utils.functional import SimpleLazyObject

from frontend.password_reset import mail_configured

__all__ = ["demo_accounts", "password_reset", "public_view"]


def _enabled() -> bool:
    from monitoring.models import SiteSettings

    return SiteSettings.load().public_view_enabled


def public_view(request) -> dict:
    """``public_view_enabled``, read from the site settings only when a template asks."""
    return {"public_view_enabled": SimpleLazyObject(_enabled)}


def password_reset(request) -> dict:
    """Whether the login page offers password reset (only when mail can be sent)."""
    return {"password_reset_offered": mail_configured()}


def _demo_accounts() -> dict:
    from monitoring.demo.accounts import DEMO_PASSWORD, demo_accounts_shown

    return {"accounts": demo_accounts_shown(), "password": DEMO_PASSWORD}


def demo_accounts(request) -> dict:
    """``demo``: the demo accounts and their password while the demo province is loaded
    (read only when a template asks: the login page)."""
    return {"demo": SimpleLazyObject(_demo_accounts)}
