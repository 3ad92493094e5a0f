"""The features of a collection: a page of items and one item, as GeoJSON or HTML,
limited to the user's area and filtered by ``bbox``, property parameters and CQL2; paged
by key where it can (``matched``) and by offset when sorted."""

import json
from urllib.parse import urlencode

from django.db import connection, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound

from geo.geojson import feature_collection, json_text
from monitoring.ogc.collections import Collection
from monitoring.ogc.crs import CRS84, crs_uri
from monitoring.ogc.html import html_page, item_context, items_context
from monitoring.ogc.matched import MATCHED_PARAMETER, PageState, page_state_sign, page_state_unsign
from monitoring.ogc.params import ParameterError, crs_param, items_query
from monitoring.ogc.query import SERIAL, count_and_bounds, feature_json, page_json
from monitoring.ogc.views import GEOJSON, OgcView

__all__ = ["ItemView", "ItemsView"]


def _rows(view: OgcView, collection: Collection, query):
    rows = collection.rows_in(view.scope())
    if query is not None:
        if query.bbox is not None:
            rows = rows.filter(**{f"{collection.geometry}__intersects": query.bbox})
        rows = rows.filter(**query.filters)
        if query.where is not None:
            rows = rows.filter(query.where)
    return rows


def _content_crs(srid: int, lat_first: bool) -> str:
    return f"<{CRS84 if srid == 4326 and not lat_first else crs_uri(srid)}>"


# Page bounds of an area's matches ride in the next links up to this many pages.
BOUNDED_PAGES = 100


def _count(rows) -> int:
    """The number of matches, counted by one backend (see ``SERIAL``)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SERIAL)
        return rows.count()


class ItemsView(OgcView):
    def get(self, request, name):
        collection = self.collection(name)
        query = items_query(request.GET, collection)
        rows = _rows(self, collection, query)
        sign = {
            "user_id": request.user.pk,
            "collection": collection.name,
            "params": list(request.GET.items()),
        }
        state = page_state_unsign(request.GET.get(MATCHED_PARAMETER), **sign)
        if state:
            matched, bounds = state.matched, state.bounds
        elif query.bbox is not None and not query.sortby:
            matched, bounds = count_and_bounds(
                rows, collection.id_property, query.limit, max_pages=BOUNDED_PAGES
            )
        else:
            matched, bounds = _count(rows), None
        after = state.after if state and state.offset == query.offset and not query.sortby else None
        upto = None
        if bounds is not None and query.offset % query.limit == 0:
            index = query.offset // query.limit
            after = bounds[index - 1] if 0 < index <= len(bounds) else after
            upto = bounds[index] if index < len(bounds) else None
        returned, features, last = page_json(
            collection,
            rows,
            offset=query.offset,
            limit=query.limit,
            srid=query.srid,
            lat_first=query.lat_first,
            after=after,
            upto=upto,
            spatial=query.bbox is not None,
            sortby=query.sortby,
        )
        following = PageState(matched=matched, offset=query.offset + query.limit, after=last, bounds=bounds)
        preceding = PageState(
            matched=matched, offset=max(query.offset - query.limit, 0), after=None, bounds=bounds
        )
        tokens = (page_state_sign(following, **sign), page_state_sign(preceding, **sign))
        links = self.links(collection, query, matched, returned, tokens)
        body = feature_collection(
            features, members={"numberMatched": matched, "numberReturned": returned, "links": links}
        )
        if self.html():
            data = json.loads(body)
            context = items_context(
                request,
                collection,
                data,
                base=self.base(),
                offset=query.offset,
                limit=query.limit,
                srid=query.srid,
            )
            return html_page(
                request,
                "items",
                base=self.base(),
                data=data,
                title=str(collection.title),
                **context,
            )
        return HttpResponse(
            body, content_type=GEOJSON, headers={"Content-Crs": _content_crs(query.srid, query.lat_first)}
        )

    def links(self, collection: Collection, query, matched: int, returned: int, tokens) -> list[dict]:
        href = f"{self.base()}/collections/{collection.name}/items"
        kept = [
            (k, v) for k, v in self.request.GET.items() if k not in ("offset", "limit", MATCHED_PARAMETER)
        ]

        def page(offset: int, token: str | None = None) -> str:
            extra = [(MATCHED_PARAMETER, token)] if token else []
            return href + "?" + urlencode([*kept, ("limit", query.limit), ("offset", offset), *extra])

        following, preceding = tokens
        links = [{"rel": "self", "type": GEOJSON, "href": page(query.offset)}]
        if query.offset + returned < matched:
            links.append(
                {"rel": "next", "type": GEOJSON, "href": page(query.offset + query.limit, following)}
            )
        if query.offset > 0:
            links.append(
                {"rel": "prev", "type": GEOJSON, "href": page(max(query.offset - query.limit, 0), preceding)}
            )
        return links


class ItemView(OgcView):
    def get(self, request, name, feature_id):
        collection = self.collection(name)
        unknown = [k for k in request.GET if k not in ("f", "crs")]
        if unknown:
            raise ParameterError(unknown[0], request.GET[unknown[0]], _("unknown parameter; use f or crs."))
        srid, lat_first = crs_param(request.GET, "crs")
        rows = _rows(self, collection, None)
        key = collection.id_property
        if key == "id" and not (feature_id.isascii() and feature_id.isdigit() and len(feature_id) < 10):
            raise NotFound(_("No feature has the id “%(id)s”.") % {"id": feature_id[:60]})
        feature = feature_json(collection, rows.filter(**{key: feature_id}), srid=srid, lat_first=lat_first)
        if feature is None:
            raise NotFound(_("No feature has the id “%(id)s”.") % {"id": feature_id[:60]})
        href = f"{self.base()}/collections/{collection.name}"
        links = [
            {"rel": "self", "type": GEOJSON, "href": f"{href}/items/{feature_id}"},
            {"rel": "collection", "type": "application/json", "href": href},
        ]
        body = feature[:-1] + f',"links":{json_text(links)}}}'
        if self.html():
            data = json.loads(body)
            context = item_context(request, collection, data, base=self.base(), srid=srid)
            title = f"{collection.title} · {data['properties'].get('name') or feature_id}"
            return html_page(request, "item", base=self.base(), data=data, title=title, **context)
        return HttpResponse(
            body, content_type=GEOJSON, headers={"Content-Crs": _content_crs(srid, lat_first)}
        )
