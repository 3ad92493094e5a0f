"""HTTP Basic that does not hash the password on every request. QGIS and GDAL send the
user name and password with each request; checking the stored hash (PBKDF2, about 0.4 s
by design) made every tile and page cost that much.

Credentials that verified once are remembered for ``BASIC_AUTH_CACHE_SECONDS`` (default
300) under a keyed hash of the user name and password (HMAC with ``SECRET_KEY``: the cache
never holds the password, and a key cannot be computed without the secret). The entry
holds the account's id and an HMAC of its stored password hash, so a changed password
(or a deactivated account) no longer matches. The lock-out rules are unchanged: a wrong
password never matches an entry and goes through ``authenticate()``, where django-axes
counts it, and a remembered password is refused while the user name and address are
locked out, as an unremembered one is.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from rest_framework.authentication import BasicAuthentication

__all__ = ["CachedBasicAuthentication", "credentials_key"]

SALT = "monitoring.api.basic-auth"


def credentials_key(username: str, password: str) -> str:
    """The cache key of verified credentials: an HMAC, never the password."""
    return "basic-auth:" + salted_hmac(SALT, f"{username}\0{password}", algorithm="sha256").hexdigest()


def _fingerprint(user) -> str:
    return salted_hmac(SALT, user.password, algorithm="sha256").hexdigest()


class CachedBasicAuthentication(BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        key = credentials_key(userid, password)
        remembered = cache.get(key)
        if remembered is not None:
            user = get_user_model()._default_manager.filter(pk=remembered[0], is_active=True).first()
            if (
                user is not None
                and constant_time_compare(_fingerprint(user), remembered[1])
                and AxesProxyHandler.is_allowed(request, {"username": userid})
            ):
                return user, None
        user, auth = super().authenticate_credentials(userid, password, request)
        cache.set(key, (user.pk, _fingerprint(user)), timeout=settings.BASIC_AUTH_CACHE_SECONDS)
        return user, auth
