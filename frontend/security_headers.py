"""Security headers Django does not set itself: Content-Security-Policy and
Permissions-Policy (nosniff, Referrer-Policy, COOP and X-Frame-Options come from
Django's own middleware and settings).

Every asset is served by the app, so every source is ``'self'``. folium writes the map as
inline ``<script>`` and ``<style>`` blocks and Leaflet sets inline styles, so scripts and
styles also need ``'unsafe-inline'``; a basemap tile server (``BASEMAP_TILE_URL``) is
added to ``img-src``.
"""

from urllib.parse import urlsplit

from django.conf import settings

__all__ = ["PERMISSIONS_POLICY", "SecurityHeadersMiddleware", "content_security_policy"]

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def content_security_policy() -> str:
    images = ["'self'", "data:", "blob:"]
    if settings.BASEMAP_TILE_URL:
        parts = urlsplit(settings.BASEMAP_TILE_URL.replace("{s}", "*"))
        images.append(f"{parts.scheme}://{parts.netloc}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
