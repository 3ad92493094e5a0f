"""How long one SQL statement may run: ``STATEMENT_TIMEOUT_MS`` in every request (set by
:class:`StatementTimeoutMiddleware`), ``IMPORT_STATEMENT_TIMEOUT_MS`` in an import step's
transaction (:func:`statement_timeout_local`). PostgreSQL cancels a statement past it, so
a query a client gave up on does not keep a backend busy for long; the error is logged
as a warning and the request answers 503 in its channel's shape (``core.errors.app_error_of``;
the import: nothing written). Commands run without a
request limit, their import steps with the import one."""

from django.conf import settings
from django.db import connection

__all__ = ["StatementTimeoutMiddleware", "statement_timeout_local"]


def statement_timeout_local(milliseconds: int) -> None:
    """Set the statement timeout until the current transaction ends (``SET LOCAL``)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{int(milliseconds)}ms"])


class StatementTimeoutMiddleware:
    """Set ``statement_timeout`` for the request's database session (0: no limit)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, false)", [f"{settings.STATEMENT_TIMEOUT_MS}ms"]
            )
        return self.get_response(request)
