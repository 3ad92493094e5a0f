"""Paging state carried from page to page in the ``next`` link: the first page counts the
matches; its ``next`` link carries the count and the page's last key, signed for this
user, collection and filter and valid for a few minutes. A client walking the links
(GDAL, QGIS) then costs neither a recount of a million rows nor an ``OFFSET`` scan per
page (the next page starts after the last key). A missing, altered, expired or foreign
value is ignored: the server counts and uses the offset."""

import hashlib
from dataclasses import dataclass

from django.core import signing

__all__ = ["MATCHED_PARAMETER", "PageState", "page_state_sign", "page_state_unsign"]

MATCHED_PARAMETER = "matched"
MAX_AGE_S = 300
SALT = "ogc.page-state"


@dataclass(frozen=True)
class PageState:
    matched: int
    offset: int  # the offset this state is valid for
    after: int | str | None  # the last key before ``offset``
    bounds: tuple | None = None  # the last key of every page of an area's matches


def _key(*, user_id, collection: str, params) -> str:
    kept = sorted((k, v) for k, v in params if k not in ("offset", MATCHED_PARAMETER))
    return hashlib.blake2b(repr((user_id, collection, kept)).encode(), digest_size=12).hexdigest()


def page_state_sign(state: PageState, *, user_id, collection: str, params) -> str:
    key = _key(user_id=user_id, collection=collection, params=params)
    bounds = list(state.bounds) if state.bounds is not None else None
    return signing.dumps([state.matched, state.offset, state.after, bounds, key], salt=SALT, compress=True)


def page_state_unsign(token: str | None, *, user_id, collection: str, params) -> PageState | None:
    """The state ``token`` carries, if it was signed for exactly this request."""
    if not token:
        return None
    try:
        matched, offset, after, bounds, key = signing.loads(token, salt=SALT, max_age=MAX_AGE_S)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if key != _key(user_id=user_id, collection=collection, params=params):
        return None
    if not isinstance(matched, int) or not isinstance(offset, int) or not isinstance(after, int | str | None):
        return None
    if bounds is not None and not isinstance(bounds, list):
        return None
    return PageState(matched=matched, offset=offset, after=after, bounds=tuple(bounds) if bounds else None)
