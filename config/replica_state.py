"""Where this request's reads go, and whether the replica answers (config/db_router.py).

- *Pinned to the primary*: a request that wrote (the router's ``db_for_write``), or that
  is not a safe method, reads the primary for the rest of the request; a short cookie
  (``REPLICA_STICKY_SECONDS``, default 5) keeps the same browser on the primary for its
  next requests, so the page after a redirect shows what it just saved although the
  replica may lag. :class:`ReadYourWritesMiddleware` sets and resets this per request.
- *Replica available*: a real connection attempt with a short ``connect_timeout``
  (1 s), its answer kept ``REPLICA_CHECK_SECONDS`` (default 2) per process; while the
  replica is down, reads go to the primary and nothing fails.
"""

import contextvars
import logging
import threading
import time

import psycopg2
from django.conf import settings
from django.db import connections

__all__ = [
    "COOKIE",
    "ReadYourWritesMiddleware",
    "primary_pin",
    "primary_pinned",
    "replica_available",
    "replica_mark_down",
    "replica_recheck",
]

REPLICA = "replica"
COOKIE = "db_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
log = logging.getLogger(__name__)


class _Request:
    __slots__ = ("pinned", "wrote")

    def __init__(self, pinned: bool = False):
        self.pinned, self.wrote = pinned, False


# Outside a request (commands, tests, background work) a write pins the context too.
_state: contextvars.ContextVar[_Request | None] = contextvars.ContextVar("replica_request", default=None)


def primary_pinned() -> bool:
    state = _state.get()
    return state is not None and state.pinned


def primary_pin() -> None:
    """A write happened: this request (or context) reads the primary from now on."""
    state = _state.get()
    if state is None:
        state = _Request()
        _state.set(state)
    state.pinned = state.wrote = True


class _Health:
    lock = threading.Lock()
    checked_at = float("-inf")
    up = False


def _check_seconds() -> float:
    return float(getattr(settings, "REPLICA_CHECK_SECONDS", 2))


def replica_mark_down() -> None:
    """A connection to the replica failed: send reads to the primary until the next check."""
    _Health.up, _Health.checked_at = False, time.monotonic()


def replica_recheck() -> None:
    """Forget the last answer: the next read checks the replica again."""
    _Health.checked_at = float("-inf")


def replica_available() -> bool:
    """Whether the replica accepts connections, checked at most every
    ``REPLICA_CHECK_SECONDS`` per process (another thread checking meanwhile uses the
    last answer)."""
    if time.monotonic() - _Health.checked_at < _check_seconds() or not _Health.lock.acquire(blocking=False):
        return _Health.up
    try:
        params = connections[REPLICA].get_connection_params()
        params["connect_timeout"] = 1
        params.pop("cursor_factory", None)
        try:
            psycopg2.connect(**params).close()
            up = True
        except psycopg2.Error as error:
            up = False
            if _Health.up:
                log.warning("read replica unavailable, reading the primary: %s", str(error).strip())
        _Health.up, _Health.checked_at = up, time.monotonic()
        return up
    finally:
        _Health.lock.release()


class ReadYourWritesMiddleware:
    """Pins a request to the primary when it is not a safe method or its browser wrote
    a moment ago (the cookie); sets the cookie when the request wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = request.method not in SAFE_METHODS or COOKIE in request.COOKIES
        token = _state.set(_Request(pinned=pinned))
        try:
            response = self.get_response(request)
            if _state.get().wrote:
                response.set_cookie(
                    COOKIE,
                    "1",
                    max_age=getattr(settings, "REPLICA_STICKY_SECONDS", 5),
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            return response
        finally:
            _state.reset(token)
