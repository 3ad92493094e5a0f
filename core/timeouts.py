"""How long one SQL statement may run: ``STATEMENT_TIMEOUT_MS`` in every request (set by
:class:`StatementTimeoutMiddleware`), ``IMPORT_STATEMENT_TIMEOUT_MS`` in an import step's
transaction (:func:`statement_timeout_local`). PostgreSQL cancels a statement past it, so
a query a client gave up on does not keep a backend busy for long; the error is logged
as a warning and the request answers 503 in its channel's shape (``core.errors.app_error_of``;
the import: nothing written). Commands run without a
request limit, their import steps with the import one."""

from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created

__all__ = ["StatementTimeoutMiddleware", "statement_timeout_local"]


def statement_timeout_local(milliseconds: int) -> None:
    """Set the statement timeout until the current transaction ends (``SET LOCAL``)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{int(milliseconds)}ms"])


def _forget(sender, connection, **kwargs) -> None:
    connection.request_statement_timeout = None


connection_created.connect(_forget, dispatch_uid="core.timeouts.forget")


class StatementTimeoutMiddleware:
    """Set ``statement_timeout`` for the request's database session (0: no limit).

    Set once per database session, not once per request: a persistent connection
    (``CONN_MAX_AGE``) keeps it, and ``connection_created`` forgets it when Django opens
    a new one. Only this middleware sets it at session level (imports use ``SET LOCAL``,
    which ends with their transaction), so a request never runs under another limit;
    the round trip it saved was a tenth of a small vector tile's time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wanted = settings.STATEMENT_TIMEOUT_MS
        connection.ensure_connection()
        # Inside a transaction (a test's), a rollback would undo the setting: set it again.
        kept = not connection.in_atomic_block
        if not kept or getattr(connection, "request_statement_timeout", None) != wanted:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{wanted}ms"])
            connection.request_statement_timeout = wanted if kept else None
        return self.get_response(request)
