"""``numberMatched`` carried from page to page: the first page counts the matches; its
``next`` and ``prev`` links carry the count, signed for this user, collection and filter
and valid for a few minutes, so a client walking the links (GDAL, QGIS) does not make
the server count a million rows again for every page. A missing, altered, expired or
foreign value is ignored and the server counts."""

import hashlib

from django.core import signing

__all__ = ["MATCHED_PARAMETER", "matched_sign", "matched_unsign"]

MATCHED_PARAMETER = "matched"
MAX_AGE_S = 300
SALT = "ogc.numberMatched"


def _key(*, user_id, collection: str, params) -> str:
    kept = sorted((k, v) for k, v in params if k not in ("offset", "limit", MATCHED_PARAMETER))
    return hashlib.blake2b(repr((user_id, collection, kept)).encode(), digest_size=12).hexdigest()


def matched_sign(count: int, *, user_id, collection: str, params) -> str:
    return signing.dumps([count, _key(user_id=user_id, collection=collection, params=params)], salt=SALT)


def matched_unsign(token: str | None, *, user_id, collection: str, params) -> int | None:
    """The count ``token`` carries, if it was signed for exactly this request."""
    if not token:
        return None
    try:
        count, key = signing.loads(token, salt=SALT, max_age=MAX_AGE_S)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if key != _key(user_id=user_id, collection=collection, params=params) or not isinstance(count, int):
        return None
    return count
