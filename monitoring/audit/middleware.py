"""Sets the acting user and channel for the request; the channel follows the URL."""

from monitoring.audit.context import audit_context

__all__ = ["AuditContextMiddleware", "channel_of"]

PREFIXES = (("/admin/", "admin"), ("/api/", "api"), ("/ogc/", "ogc"), ("/tiles/", "tiles"))


def channel_of(path: str) -> str:
    for prefix, channel in PREFIXES:
        if path.startswith(prefix):
            return channel
    return "page"


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from frontend.access import client_ip

        user = getattr(request, "user", None)
        with audit_context(
            user=user if user is not None and user.is_authenticated else None,
            channel=channel_of(request.path),
            ip=client_ip(request),
        ):
            return self.get_response(request)
