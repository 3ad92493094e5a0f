"""Bad input becomes a JSON 400 whose ``detail`` says what was wrong, never a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from monitoring.establishments.filters import FilterError
from monitoring.services.errors import MonitoringError

__all__ = ["exception_handler"]


def exception_handler(exc, context):
    """DRF's handler, plus the project's typed errors (they carry their HTTP status)."""
    if isinstance(exc, FilterError | MonitoringError):
        return Response({"detail": str(exc)}, status=getattr(exc, "http_status", 400))
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": " ".join(exc.messages)}, status=400)
    return drf_exception_handler(exc, context)
