"""API tokens that expire and do not outlive the password. A token is refused
``API_TOKEN_LIFETIME_DAYS`` (default 30) after it was made; ``/api/token/`` (and the
``api_token`` command) then make a new one. Changing a user's password deletes the
user's tokens (:func:`tokens_revoke_on_password_change`, connected in ``MonitoringConfig``),
as it already ends the remembered HTTP Basic credentials (``authentication`` compares the
stored password's fingerprint): whoever held the old password, or a token made with it,
is out."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

__all__ = [
    "ExpiringTokenAuthentication",
    "token_expired",
    "token_for",
    "token_lifetime",
    "tokens_revoke_on_password_change",
]


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


def token_expired(token: Token, *, now: datetime.datetime | None = None) -> bool:
    """Whether ``token`` is older than ``API_TOKEN_LIFETIME_DAYS``."""
    return token.created + token_lifetime() <= (now or timezone.now())


def token_for(user, *, rotate: bool = False) -> Token:
    """The user's valid token: the current one, or a new one if it expired (or ``rotate``)."""
    token = Token.objects.filter(user=user).first()
    if token is not None and (rotate or token_expired(token)):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token past its lifetime (401)."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed(
                _("The token expired (tokens last %(days)s days): ask /api/token/ for a new one.")
                % {"days": settings.API_TOKEN_LIFETIME_DAYS}
            )
        return user, token


def tokens_revoke_on_password_change(sender, instance, **kwargs):
    """``pre_save`` of the user model: a changed password hash deletes the user's tokens."""
    if instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        Token.objects.filter(user_id=instance.pk).delete()
