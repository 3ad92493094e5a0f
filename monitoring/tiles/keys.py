"""The account's key in a tile URL, so that a cache keyed by URL alone (QGIS, a proxy)
never gives one account's tiles to another.

The key is a short signature (``django.core.signing``, salted for tiles) of the account's
id and a digest of what its tiles depend on: the roots of its area, its permissions and
its password hash. Any of these changing gives a new key, and the old URL is refused,
so a cached tile of the former areas is never served again under a valid address.

    >>> key = tile_key(user)              # in TileJSON's ``tiles`` URL
    >>> tile_key_check(user, key)         # in the tile view; Forbidden when it differs

The roots, not every unit under them, enter the digest: they are what an
administrator changes, and reading them costs no query beyond ``Area.of``.
"""

import hashlib

from django.core import signing
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from core.errors import Forbidden
from geo.areas import Area

__all__ = ["KEY_LENGTH", "StaleTileKey", "tile_key", "tile_key_check"]

KEY_LENGTH = 22  # base64 characters of the signature: 132 bits
SALT = "monitoring.tiles.key"


class StaleTileKey(Forbidden):
    """A tile URL whose key is not the requesting account's current one (403)."""

    def __init__(self, layer: str) -> None:
        super().__init__(
            _(
                "This tile address is not valid for your account: it belongs to another "
                "account, or your areas, permissions or password have changed since it was "
                "given. Read the current address from /tiles/%(layer)s.json."
            )
            % {"layer": layer},
            parameter="key",
        )


def _scope_digest(user) -> str:
    roots = Area.of(user).roots
    area = "*" if roots is None else ",".join(map(str, roots))
    permissions = ",".join(sorted(user.get_all_permissions()))
    text = f"{user.pk}|{area}|{permissions}|{user.password}"
    return hashlib.sha256(text.encode()).hexdigest()


def tile_key(user) -> str:
    """The key of ``user``'s tile URLs for its present areas and permissions."""
    value = f"{user.pk}:{_scope_digest(user)}"
    return signing.Signer(salt=SALT).signature(value)[:KEY_LENGTH]


def tile_key_check(user, key: str, *, layer: str) -> None:
    """Raise ``StaleTileKey`` unless ``key`` is ``user``'s current key."""
    if not constant_time_compare(key, tile_key(user)):
        raise StaleTileKey(layer)
