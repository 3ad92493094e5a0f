"""The one error hierarchy. Every error a user can cause derives from ``AppError``, which
carries what a response needs: the HTTP status, a machine code (a short slug), the
translated message, the parameter and value at fault, and, for files, the list of problems
(objects with ``file``, ``row``, ``field``, ``value``, ``reason`` and ``fix``, such as
:class:`core.problems.Problem`).

Each channel family turns an ``AppError`` into a response in one place: pages in
``frontend.errors.AppErrorMiddleware``, the REST API in ``monitoring.api.errors``, the OGC
API in ``monitoring.ogc.views.OgcView.handle_exception``. Anything else that escapes a view
is a programming error: it stays a 500 and is logged.

>>> error = BadInput("limit = “x”: not a whole number.", parameter="limit", value="x")
>>> error.http_status, error.code, error.as_dict()["parameter"]
(400, 'invalid', 'limit')
"""

__all__ = [
    "AppError",
    "BadInput",
    "Busy",
    "Conflict",
    "Forbidden",
    "NotFound",
    "TooLarge",
    "problem_dict",
]

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
