"""The OGC API's (and the tiles') one translation of errors into responses: the exception
body of OGC API – Features Part 1, ``{"code", "description"}``, with the HTTP status of the
``AppError`` (see ``core.errors``) or of DRF's own error (401 keeps ``WWW-Authenticate``).
Anything else is a programming error: it is let through, logged and answered 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import AppError, BadInput

__all__ = ["OGC_CODES", "ogc_exception_handler"]

#: The exception ``code`` for each status (the OWS names GDAL and QGIS show).
OGC_CODES = {
    400: "InvalidParameterValue",
    401: "NotAuthenticated",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    409: "Conflict",
    413: "TooLarge",
    429: "Throttled",
    503: "ServiceUnavailable",
}


def ogc_exception_handler(exc, context):
    """``{"code", "description"}`` for a user's error, None (a 500) for anything else."""
    if isinstance(exc, DjangoValidationError):
        exc = BadInput(" ".join(exc.messages))
    if isinstance(exc, AppError):
        status, description, headers = exc.http_status, str(exc), None
    else:
        response = drf_exception_handler(exc, context)
        if response is None:
            return None
        detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else ""
        status, description = response.status_code, str(detail)
        headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
    code = OGC_CODES.get(status, "NoApplicableCode")
    return Response({"code": code, "description": description}, status=status, headers=headers)
