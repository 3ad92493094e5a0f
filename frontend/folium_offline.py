"""Folium maps that load every script and style sheet from this app's own static files.

folium (0.20.0) and its plugins point their ``default_js`` / ``default_css`` at public
CDNs (jsdelivr, cdnjs, code.jquery.com, netdna.bootstrapcdn.com).  Copies of exactly
those files, taken from the npm registry, live under ``frontend/static/vendor/``
(see ``frontend/static/vendor/VENDORED.md``); :data:`VENDORED_ASSETS` maps each CDN
URL to its copy, relative to the static root.

* :func:`offline_map` builds a :class:`folium.Map` (no tile layer unless one is
  passed) whose links, and those of every element added to it later, are rewritten
  to the vendored copies when the map is rendered.
* :func:`localize_assets` rewrites one element (and, by default, its descendants)
  now; it raises :class:`ValueError` naming any external asset with no vendored copy.

Only instance attributes are set: folium's classes are left untouched, so a plain
``folium.Map`` elsewhere in the process still uses the CDNs.  This module does not
import Django; pass ``static_url=settings.STATIC_URL`` (or ``url_for=static`` for
hashed names under ``ManifestStaticFilesStorage``) from the calling view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import folium
from branca.element import Element, Figure

__all__ = ["VENDORED_ASSETS", "localize_assets", "offline_map"]

#: {CDN URL used by folium / Django: path of the vendored copy under the static root}
VENDORED_ASSETS: Mapping[str, str] = MappingProxyType(
    {
        # folium.Map.default_js
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "vendor/leaflet/leaflet.js",
        "https://code.jquery.com/jquery-3.7.1.min.js": "vendor/jquery/jquery.min.js",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": (
            "vendor/bootstrap/bootstrap.bundle.min.js"
        ),
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": (
            "vendor/leaflet.awesome-markers/leaflet.awesome-markers.min.js"
        ),
        # folium.Map.default_css
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "vendor/leaflet/leaflet.css",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": (
            "vendor/bootstrap/bootstrap.min.css"
        ),
        "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": (
            "vendor/bootstrap-glyphicons/css/bootstrap-glyphicons.css"
        ),
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": (
            "vendor/fontawesome-free/css/all.min.css"
        ),
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": (
            "vendor/leaflet.awesome-markers/leaflet.awesome-markers.css"
        ),
        "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css": (  # noqa: E501
            "vendor/folium/leaflet.awesome.rotate.min.css"
        ),
        # folium.plugins.MarkerCluster
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js": (
            "vendor/leaflet.markercluster/leaflet.markercluster.js"
        ),
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css": (
            "vendor/leaflet.markercluster/MarkerCluster.css"
        ),
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": (
            "vendor/leaflet.markercluster/MarkerCluster.Default.css"
        ),
        # folium.plugins.Fullscreen (the CDN's .min.js is minified on the fly; npm ships the source)
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": (
            "vendor/leaflet.fullscreen/Control.FullScreen.js"
        ),
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": (
            "vendor/leaflet.fullscreen/Control.FullScreen.css"
        ),
        # django.contrib.gis.forms.widgets.OpenLayersWidget.Media (Django 5.2)
        "https://cdn.jsdelivr.net/npm/ol@v7.2.2/dist/ol.js": "vendor/ol/ol.js",
        "https://cdn.jsdelivr.net/npm/ol@v7.2.2/ol.css": "vendor/ol/ol.css",
    }
)

UrlFor = Callable[[str], str]


def _is_external(url: str) -> bool:
    """True when loading ``url`` would contact a host (``//host/...`` included)."""
    parts = urlsplit(url)
    if parts.netloc or url.startswith("//"):
        return True
    return parts.scheme.lower() not in ("", "data")


def _make_url_for(static_url: str, url_for: UrlFor | None) -> UrlFor:
    if url_for is not None:
        return url_for
    prefix = static_url if static_url.endswith("/") else static_url + "/"
    return lambda path: prefix + path


def _localize_links(links: Any, url_for: UrlFor, *, owner: Element) -> list:
    out = []
    for name, url in links:
        if url in VENDORED_ASSETS:
            url = url_for(VENDORED_ASSETS[url])
        elif _is_external(url):
            raise ValueError(
                f"No vendored copy of {url!r} (asset {name!r} of "
                f"{type(owner).__module__}.{type(owner).__qualname__}); add the file under "
                "frontend/static/vendor/ and an entry to frontend.folium_offline.VENDORED_ASSETS"
            )
        out.append((name, url))
    return out


def _walk(element: Element) -> Iterator[Element]:
    yield element
    if isinstance(element, Figure):
        for part in (element.header, element.html, element.script):
            yield from _walk(part)
    for child in list(element._children.values()):
        yield from _walk(child)


def _localize(element: Element, url_for: UrlFor, recursive: bool) -> None:
    for item in _walk(element) if recursive else (element,):
        for attr in ("default_js", "default_css"):
            links = getattr(item, attr, None)
            if links:
                # A fresh list as an instance attribute: the class-level list stays as it was.
                setattr(item, attr, _localize_links(links, url_for, owner=item))


def localize_assets(
    element: Element,
    *,
    static_url: str = "/static/",
    url_for: UrlFor | None = None,
    recursive: bool = True,
) -> Element:
    """Point ``element``'s ``default_js``/``default_css`` at the vendored copies.

    Each CDN URL found in :data:`VENDORED_ASSETS` becomes ``static_url + path`` (or
    ``url_for(path)`` when given, e.g. ``django.templatetags.static.static``).  Links that
    are already local are kept.  With ``recursive`` (the default) every descendant of
    ``element`` is treated too.  Returns ``element``.

    Raises :class:`ValueError` naming the URL when an asset would be loaded from another
    host and no vendored copy exists.
    """
    _localize(element, _make_url_for(static_url, url_for), recursive)
    return element


class _OfflineMap(folium.Map):
    """A :class:`folium.Map` that localizes the assets of its whole figure when rendered."""

    _offline_url_for: UrlFor

    def render(self, **kwargs: Any) -> None:
        # Elements added after construction (MarkerCluster, Fullscreen, ...) still carry the
        # CDN links of their class; rewrite the whole tree before any link is emitted.
        _localize(self.get_root(), self._offline_url_for, True)
        super().render(**kwargs)


def offline_map(
    *,
    static_url: str = "/static/",
    url_for: UrlFor | None = None,
    **kwargs: Any,
) -> folium.Map:
    """Build a :class:`folium.Map` whose every JS/CSS link points to ``{static_url}vendor/...``.

    ``kwargs`` go to :class:`folium.Map`; ``tiles`` defaults to ``None`` (no tile layer, so
    no tile server is contacted unless the caller passes one).  Elements and plugins added
    later are localized when the map is rendered; an asset with no vendored copy raises
    :class:`ValueError` then.
    """
    kwargs.setdefault("tiles", None)
    m = _OfflineMap(**kwargs)
    m._offline_url_for = _make_url_for(static_url, url_for)
    _localize(m, m._offline_url_for, True)
    return m
