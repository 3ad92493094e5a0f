"""The REST API's one translation of errors into responses: an ``AppError`` (see
``core.errors``) becomes ``{"detail", "code", "parameter", "value", "problems"}`` with its
status; DRF's own errors keep DRF's body with a ``code`` added. Anything else is a
programming error: DRF lets it through, Django logs it and answers 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import AppError, BadInput

__all__ = ["exception_handler"]


def exception_handler(exc, context):
    """DRF's handler, plus the project's typed errors (they carry their HTTP status)."""
    if isinstance(exc, DjangoValidationError):
        exc = BadInput(" ".join(exc.messages))
    if isinstance(exc, AppError):
        return Response(exc.as_dict(), status=exc.http_status)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data["code"] = getattr(response.data["detail"], "code", "error")
    return response
