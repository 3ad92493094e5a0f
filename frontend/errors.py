"""The pages' one translation of errors into responses. An ``AppError`` (see
``core.errors``) that leaves a page view becomes its message in the friendly error page
with the error's status, or, for the map's JSON endpoints, the same body as the REST API
(``{"detail", "code", "parameter", "value", "problems"}``). Anything else is a
programming error: the middleware lets it through, Django logs it and answers 500."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.errors import AppError, app_error_of

__all__ = ["AppErrorMiddleware", "app_error_response", "wants_json"]

JSON_SUFFIXES = (".json", ".geojson")


def wants_json(request) -> bool:
    """Whether the request is one of the map's JSON endpoints or asks for JSON."""
    return (
        request.path.endswith(JSON_SUFFIXES)
        or request.content_type == "application/json"
        or "application/json" in request.headers.get("Accept", "")
    )


def _heading(status: int) -> str:
    return {
        400: _("Bad request"),
        403: _("Access denied"),
        404: _("Page not found"),
        409: _("Conflict with the stored data"),
        413: _("Request too large"),
        503: _("The server is busy"),
    }.get(status, _("Bad request"))


def app_error_response(request, error: AppError):
    """The response for ``error``: JSON for a JSON endpoint, the error page otherwise."""
    if wants_json(request):
        return JsonResponse(error.as_dict(), status=error.http_status)
    return render(
        request,
        "app_error.html",
        {
            "status": error.http_status,
            "heading": _heading(error.http_status),
            "message": error.message,
            "problems": error.problems,
        },
        status=error.http_status,
    )


class AppErrorMiddleware:
    """Turn an ``AppError`` raised by a page view into :func:`app_error_response`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        error = app_error_of(exception)
        if error is not None:
            return app_error_response(request, error)
        return None
