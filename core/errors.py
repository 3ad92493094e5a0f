"""The one error hierarchy. Every error a user can cause derives from ``AppError``, which
carries what a response needs: the HTTP status, a machine code (a short slug), the
translated message, the parameter and value at fault, and, for files, the list of problems
(objects with ``file``, ``row``, ``field``, ``value``, ``reason`` and ``fix``, such as
:class:`core.problems.Problem`).

Each channel family turns an ``AppError`` into a response in one place: pages in
``frontend.errors.AppErrorMiddleware``, the REST API in ``monitoring.api.errors``, the OGC
API in ``monitoring.ogc.views.OgcView.handle_exception``; each asks :func:`app_error_of`
first, which also names the two errors that are not the application's own but still the
user's or the moment's: Django's ``ValidationError`` (400) and a statement PostgreSQL
cancelled past ``statement_timeout`` (503, :class:`Busy`). Anything else that escapes a
view is a programming error: it stays a 500 and is logged.

>>> error = BadInput("limit = “x”: not a whole number.", parameter="limit", value="x")
>>> error.http_status, error.code, error.as_dict()["parameter"]
(400, 'invalid', 'limit')
"""

import logging

__all__ = [
    "AppError",
    "BadInput",
    "Busy",
    "Conflict",
    "Forbidden",
    "NotFound",
    "TooLarge",
    "app_error_of",
    "problem_dict",
]

#: SQLSTATE of a statement cancelled by ``statement_timeout`` (or a cancel request).
QUERY_CANCELED = "57014"

PROBLEM_FIELDS = ("file", "row", "field", "value", "reason", "fix")


def problem_dict(problem) -> dict:
    """One problem as JSON-ready data: where, what and how to fix, plus its message."""
    data = {name: getattr(problem, name, None) for name in PROBLEM_FIELDS}
    if data["value"] is not None and not isinstance(data["value"], int | float | bool):
        data["value"] = str(data["value"])
    return data | {"message": str(problem)}


class AppError(Exception):
    """Something a user (or a client) did that the application refuses, with the reason.

    Subclasses set ``http_status`` and ``code``; an instance may override either. ``str()``
    is the message.
    """

    http_status = 400
    code = "error"

    def __init__(
        self,
        message="",
        *,
        parameter: str | None = None,
        value=None,
        problems=(),
        code: str | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.parameter, self.value, self.problems = parameter, value, list(problems)
        if code is not None:
            self.code = code
        if http_status is not None:
            self.http_status = http_status

    def as_dict(self) -> dict:
        """``{"detail", "code", "parameter", "value", "problems"}``, for a JSON body."""
        value = self.value if self.value is None or isinstance(self.value, int | float) else str(self.value)
        return {
            "detail": str(self),
            "code": self.code,
            "parameter": self.parameter,
            "value": value,
            "problems": [problem_dict(problem) for problem in self.problems],
        }


class BadInput(AppError):
    """A parameter, form field or file the user can correct (400)."""

    http_status = 400
    code = "invalid"


class Forbidden(AppError):
    """Outside the user's areas or rights (403)."""

    http_status = 403
    code = "forbidden"


class NotFound(AppError):
    """No such thing, or none the user may see (404)."""

    http_status = 404
    code = "not_found"


class Conflict(AppError):
    """Contradicts what is already stored (409)."""

    http_status = 409
    code = "conflict"


class TooLarge(AppError):
    """A file or request beyond the configured limits (413)."""

    http_status = 413
    code = "too_large"


class Busy(AppError):
    """The server cannot take the work now; try again later (503)."""

    http_status = 503
    code = "busy"


def _cancelled(exc: BaseException) -> bool:
    cause = exc
    while cause is not None:
        if getattr(cause, "pgcode", None) == QUERY_CANCELED:
            return True
        cause = cause.__cause__
    return False


def app_error_of(exc: BaseException) -> AppError | None:
    """``exc`` as the ``AppError`` a response is made of, or None for a programming error.

    A statement PostgreSQL cancelled (Django wraps psycopg2's ``QueryCanceled`` in an
    ``OperationalError``) is :class:`Busy`: the request asked more than the server answers
    within its time limit, and a smaller area or period, or a later try, will do.
    """
    from django.core.exceptions import ValidationError
    from django.db import OperationalError
    from django.utils.translation import gettext as _

    if isinstance(exc, AppError):
        return exc
    if isinstance(exc, ValidationError):
        return BadInput(" ".join(exc.messages))
    if isinstance(exc, OperationalError) and _cancelled(exc):
        logging.getLogger("django.request").warning("Statement cancelled by statement_timeout: %s", exc)
        return Busy(
            _(
                "The database stopped this request because it took longer than the time limit."
                " Choose a smaller area or period, or try again in a moment."
            ),
            code="timeout",
        )
    return None
