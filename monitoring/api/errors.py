"""The REST API's one translation of errors into responses: an ``AppError`` (see
``core.errors``) becomes ``{"detail", "code", "parameter", "value", "problems"}`` with its
status (``app_error_of``: a timed-out statement is a 503); DRF's own errors keep DRF's
body with a ``code`` added. Anything else is a programming error: DRF lets it through,
Django logs it and answers 500."""

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import app_error_of

__all__ = ["exception_handler"]


def exception_handler(exc, context):
    """DRF's handler, plus the project's typed errors (they carry their HTTP status)."""
    error = app_error_of(exc)
    if error is not None:
        return Response(error.as_dict(), status=error.http_status)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data["code"] = getattr(response.data["detail"], "code", "error")
    return response
