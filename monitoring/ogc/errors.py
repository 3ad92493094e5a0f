"""The OGC API's (and the tiles') one translation of errors into responses: the exception
body of OGC API – Features Part 1, ``{"code", "description"}``, with the HTTP status of the
``AppError`` (see ``core.errors``) or of DRF's own error (401 keeps ``WWW-Authenticate``).
Anything else is a programming error: the OGC views log it and answer a 500 in the same
body (``ogc_server_error``), and an unknown path under ``/ogc/`` is a 404 in it too
(``ogc_not_found``): a GIS client shows the description, never an HTML page."""

import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import app_error_of

__all__ = ["OGC_CODES", "ogc_exception_handler", "ogc_not_found", "ogc_server_error"]

logger = logging.getLogger("django.request")

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
    500: "NoApplicableCode",
    503: "ServiceUnavailable",
}


def ogc_exception_handler(exc, context):
    """``{"code", "description"}`` for a user's error, None (a 500) for anything else."""
    error = app_error_of(exc)
    if error is not None:
        status, description, headers = error.http_status, str(error), None
    else:
        response = drf_exception_handler(exc, context)
        if response is None:
            return None
        detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else ""
        status, description = response.status_code, str(detail)
        headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
    code = OGC_CODES.get(status, "NoApplicableCode")
    return Response({"code": code, "description": description}, status=status, headers=headers)


def ogc_server_error(request, exc) -> Response:
    """A programming error, logged as Django logs one, answered in the OGC body."""
    logger.error("Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500})
    description = _("The server failed to answer this request; the error is logged. Try again later.")
    response = Response({"code": OGC_CODES[500], "description": description}, status=500)
    response._has_been_logged = True  # Django's handler would log it a second time, without the traceback
    return response


def ogc_not_found(request, rest: str = ""):
    """Any path under ``/ogc/`` that names no resource, whatever the method."""
    description = _("There is nothing at %(path)s; start at /ogc/ (the landing page).") % {
        "path": request.path[:200]
    }
    return JsonResponse({"code": OGC_CODES[404], "description": description}, status=404)
