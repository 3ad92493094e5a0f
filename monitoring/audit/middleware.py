"""Sets the acting user and channel for the request; the channel follows the URL."""

from django.conf import settings

from monitoring.audit.context import audit_context

__all__ = ["AuditContextMiddleware", "channel_of", "client_ip"]

PREFIXES = (("/admin/", "admin"), ("/api/", "api"), ("/ogc/", "ogc"), ("/tiles/", "tiles"))


def channel_of(path: str) -> str:
    for prefix, channel in PREFIXES:
        if path.startswith(prefix):
            return channel
    return "page"


def client_ip(request) -> str | None:
    """The client's address: behind the TLS proxy (``BEHIND_TLS_PROXY``) the last entry
    the proxy appended to X-Forwarded-For, otherwise the socket's address. django-axes
    uses it too (``AXES_CLIENT_IP_CALLABLE``)."""
    if settings.SECURE_PROXY_SSL_HEADER and (forwarded := request.META.get("HTTP_X_FORWARDED_FOR")):
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        with audit_context(
            user=user if user is not None and user.is_authenticated else None,
            channel=channel_of(request.path),
            ip=client_ip(request),
        ):
            return self.get_response(request)
