"""Who is acting, and through which channel, for the code running now.

The request middleware sets it for every request; a management command sets it with
``audit_context(user=None, channel="command")``. Services then record changes without
every caller threading the user through them (as django-reversion and django-auditlog do).
"""

import contextlib
import contextvars
from dataclasses import dataclass

__all__ = ["Actor", "audit_context", "current_actor"]


@dataclass(frozen=True)
class Actor:
    user: object | None = None
    channel: str = "command"
    ip: str | None = None


_NOBODY = Actor()
_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("audit_actor", default=None)


def current_actor() -> Actor:
    return _actor.get() or _NOBODY


@contextlib.contextmanager
def audit_context(*, user=None, channel: str = "command", ip: str | None = None):
    token = _actor.set(Actor(user=user, channel=channel, ip=ip))
    try:
        yield
    finally:
        _actor.reset(token)
