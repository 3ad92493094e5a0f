"""A NUL character anywhere in what a client sends is refused once, before any view: in
the query string (names and values, raw or percent-encoded), in form fields and in a JSON
body. PostgreSQL cannot store a NUL in text or ``jsonb``, so without this check a NUL
reached a query or the audit event of an export and became a 500. The answer is a 400 in
the family's own shape: the OGC exception body under ``/ogc/`` and ``/tiles/``, the REST
body under ``/api/``, the error page (or JSON) for pages. Files uploaded in a form are not
read here (a spreadsheet or a zip holds NUL bytes by nature)."""

from urllib.parse import unquote_to_bytes

from django.http import JsonResponse

from core.errors import BadInput
from core.parse import nul_free, text_parse
from frontend.errors import app_error_response
from monitoring.ogc.errors import OGC_CODES

__all__ = ["NulByteMiddleware", "nul_check"]

JSON_TYPES = ("application/json", "application/geo+json")


def _fields_check(fields) -> None:
    """``BadParameter`` naming the first field of ``fields`` (a QueryDict) with a NUL."""
    for name, values in fields.lists():
        text_parse(name, parameter=name, multiline=True)
        for value in values:
            text_parse(value, parameter=name, multiline=True)


def nul_check(request) -> None:
    """Raise ``BadInput`` (``BadParameter`` naming the parameter and its value, with
    ``core.parse.text_parse``'s message) if any part of ``request`` holds a NUL."""
    _fields_check(request.GET)
    query = request.META.get("QUERY_STRING", "")
    if not nul_free(query) or not nul_free(unquote_to_bytes(query)):
        text_parse("\x00", parameter="query string", multiline=True)
    if request.method in ("POST", "PUT", "PATCH"):
        if request.content_type in JSON_TYPES:
            body = request.body
            if not nul_free(body) or b"\\u0000" in body:
                text_parse("\x00", parameter="body", multiline=True)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            _fields_check(request.POST)


class NulByteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            nul_check(request)
        except BadInput as error:
            if request.path.startswith(("/ogc", "/tiles/")):
                return JsonResponse({"code": OGC_CODES[400], "description": str(error)}, status=400)
            if request.path.startswith("/api/"):
                return JsonResponse(error.as_dict(), status=400)
            return app_error_response(request, error)
        return self.get_response(request)
