"""HTML or JSON for an OGC page: ``f=html`` or ``f=json`` decide; otherwise the
``Accept`` header, where HTML wins only if the client prefers it to every JSON type (a
browser sends ``text/html`` first; GDAL and QGIS ask for GeoJSON; ``*/*`` gets JSON).
Errors stay JSON whatever is asked (``errors``)."""

from django.utils.translation import gettext as _

from monitoring.ogc.values import ParameterError

__all__ = ["FORMATS", "wants_html"]

FORMATS = ("json", "html")
JSON_TYPES = (
    "application/json",
    "application/geo+json",
    "application/schema+json",
    "application/vnd.oai.openapi+json",
)


def _quality(accept: str) -> tuple[float, float]:
    """(q of HTML, best q of any JSON type) in an ``Accept`` header."""
    html, json_q, anything = 0.0, 0.0, 0.0
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        media = media.lower()
        if media in ("text/html", "application/xhtml+xml"):
            html = max(html, q)
        elif media in JSON_TYPES or media == "application/*":
            json_q = max(json_q, q)
        elif media == "*/*":
            anything = max(anything, q)
    return html, max(json_q, anything)


def wants_html(get, accept: str | None) -> bool:
    """Whether to answer HTML: ``get`` is the query, ``accept`` the header."""
    chosen = get.get("f")
    if chosen:
        if chosen not in FORMATS:
            raise ParameterError("f", chosen, _("use json or html."))
        return chosen == "html"
    html, json_q = _quality(accept or "")
    return html > 0 and html > json_q
