"""A NUL character anywhere in what a client sends is refused once, before any view: in
the query string (names and values, raw or percent-encoded), in form fields and in a JSON
body. PostgreSQL cannot store a NUL in text or ``jsonb``, so without this check a NUL
reached a query or the audit event of an export and became a 500. The answer is a 400 in
the family's own shape: the OGC exception body under ``/ogc/`` and ``/tiles/``, the REST
body under ``/api/``, the error page (or JSON) for pages. Files uploaded in a form are not
read here (a spreadsheet or a zip holds NUL bytes by nature)."""

from urllib.parse import unquote_to_bytes

from django.http import JsonResponse
from django.utils.translation import gettext as _

from core.errors import BadInput
from core.parse import nul_free
from frontend.errors import app_error_response
from monitoring.ogc.errors import OGC_CODES

__all__ = ["NulByteMiddleware", "nul_field"]

JSON_TYPES = ("application/json", "application/geo+json")


def nul_field(request) -> str | None:
    """The name of the first part of ``request`` that holds a NUL, ``None`` if none does."""
    query = request.META.get("QUERY_STRING", "")
    if not nul_free(query) or not nul_free(unquote_to_bytes(query)):
        return "query string"
    if request.method in ("POST", "PUT", "PATCH"):
        if request.content_type in JSON_TYPES:
            body = request.body
            if not nul_free(body) or b"\\u0000" in body:
                return "body"
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, values in request.POST.lists():
                if not nul_free(name) or not all(nul_free(v) for v in values):
                    return name
    return None


class NulByteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = nul_field(request)
        if field is None:
            return self.get_response(request)
        error = BadInput(
            _("%(field)s holds a NUL character (%%00): remove it and send the request again.")
            % {"field": field},
            parameter=field,
        )
        if request.path.startswith(("/ogc", "/tiles/")):
            return JsonResponse({"code": OGC_CODES[400], "description": str(error)}, status=400)
        if request.path.startswith("/api/"):
            return JsonResponse(error.as_dict(), status=400)
        return app_error_response(request, error)
