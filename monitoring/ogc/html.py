"""The HTML pages of the OGC API (``f=html`` or a browser's ``Accept``): the same data as
the JSON, shown as small tables, paging links and, for features, a Leaflet map served by
the app. Labels come from the layer's fields, in the language of the site's switch."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

__all__ = ["field_rows", "html_page", "item_context", "items_context"]


def _script_value(value) -> str:
    """A value written into an inline script (no ``</script>`` can close it)."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _with_format(request, chosen: str) -> str:
    params = [(k, v) for k, v in request.GET.items() if k != "f"]
    return request.path + "?" + urlencode([*params, ("f", chosen)])


def html_page(request, template: str, *, base: str, data, title, crumbs=(), **context):
    response = render(
        request,
        f"ogc/{template}.html",
        {
            "data": data,
            "base": base,
            "title": title,
            "crumbs": crumbs,
            "json_href": _with_format(request, "json"),
            "basemap_url": _script_value(settings.BASEMAP_TILE_URL) if settings.BASEMAP_TILE_URL else "",
            "basemap_attribution": _script_value(settings.BASEMAP_ATTRIBUTION),
            **context,
        },
    )
    patch_vary_headers(response, ("Accept",))
    return response


def value_cell(value) -> dict:
    if value is None or value == "":
        return {"text": "—", "number": False}
    if isinstance(value, bool):
        return {"text": _("yes") if value else _("no"), "number": False}
    if isinstance(value, int | float):
        return {"text": str(value), "number": True}
    return {"text": str(value), "number": False}


def field_rows(layer) -> list[dict]:
    queryable = layer.queryables()
    return [
        {"name": f.name, "label": str(f.label), "type": f.type, "queryable": f.name in queryable}
        for f in layer.fields("ogc")
    ]


def crumbs_of(base: str, collection, *more) -> list[tuple]:
    return [
        (_("Collections"), f"{base}/collections"),
        (str(collection.title), f"{base}/collections/{collection.name}"),
        *more,
    ]


def items_context(request, collection, data: dict, *, base: str, offset: int, limit: int, srid: int) -> dict:
    fields = field_rows(collection.layer)
    rows = [
        {"id": feature["id"], "values": [value_cell(feature["properties"].get(f["name"])) for f in fields]}
        for feature in data["features"]
    ]
    links = {link["rel"]: link["href"] for link in data["links"]}
    item_href = f"{base}/collections/{collection.name}/items/"
    return {
        "fields": fields,
        "rows": rows,
        "first": offset + 1 if rows else 0,
        "last": offset + len(rows),
        "limit": limit,
        "next_href": links.get("next"),
        "prev_href": links.get("prev"),
        "item_href": item_href,
        "item_base": _script_value(item_href),
        "show_map": srid == 4326 and "crs" not in request.GET,
        "crumbs": crumbs_of(base, collection, (_("Features"), f"{base}/collections/{collection.name}/items")),
    }


def item_context(request, collection, data: dict, *, base: str, srid: int) -> dict:
    labels = {f["name"]: f["label"] for f in field_rows(collection.layer)}
    rows = [
        {"name": name, "label": labels.get(name, name), "value": value_cell(value)}
        for name, value in data["properties"].items()
    ]
    items = f"{base}/collections/{collection.name}/items"
    return {
        "rows": rows,
        "item_base": _script_value(f"{items}/"),
        "show_map": srid == 4326 and "crs" not in request.GET,
        "crumbs": crumbs_of(
            base, collection, (_("Features"), items), (str(data["id"]), f"{items}/{data['id']}")
        ),
    }
