"""Security headers Django does not set itself: Content-Security-Policy and
Permissions-Policy (nosniff, Referrer-Policy, COOP and X-Frame-Options come from
Django's own middleware and settings).

Every asset is served by the app, so every source is ``'self'``. Scripts run only from
the app's files or from an inline block that carries the request's nonce
(``request.csp_nonce``, new on every request; templates write
``<script nonce="{{ request.csp_nonce }}">``): a script injected into the page by data
(a unit's name, a place's name) has no nonce and does not run. folium and Leaflet set
inline styles, so styles keep ``'unsafe-inline'``; a basemap tile server
(``BASEMAP_TILE_URL``) is added to ``img-src``.
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings

__all__ = ["PERMISSIONS_POLICY", "SecurityHeadersMiddleware", "content_security_policy", "csp_nonce"]

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def content_security_policy(nonce: str) -> str:
    images = ["'self'", "data:", "blob:"]
    if settings.BASEMAP_TILE_URL:
        parts = urlsplit(settings.BASEMAP_TILE_URL.replace("{s}", "*"))
        images.append(f"{parts.scheme}://{parts.netloc}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'nonce-{nonce}'"],
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


def csp_nonce() -> str:
    return secrets.token_urlsafe(18)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = csp_nonce()
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(request.csp_nonce))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
