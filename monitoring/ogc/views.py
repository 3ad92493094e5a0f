"""OGC API – Features endpoints: landing page, conformance, OpenAPI document,
collections, items and one item. JSON only (``f=json`` or nothing).

Authentication as the REST API plus HTTP Basic (QGIS and GDAL log in that way); an
anonymous request gets a 401 with ``WWW-Authenticate``. A collection needs its model's
view permission; rows are limited to the user's area."""

import json
from urllib.parse import urlencode

from django.contrib.gis.db.models import Extent
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import authentication, permissions
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from geo.areas import Area
from geo.geojson import feature_collection, json_text
from geo.models import AdminUnit, BorderLine
from monitoring.api.authentication import CachedBasicAuthentication
from monitoring.ogc.collections import COLLECTIONS, Collection
from monitoring.ogc.crs import CRS84, crs_uri, supported_uris
from monitoring.ogc.errors import ogc_exception_handler
from monitoring.ogc.matched import MATCHED_PARAMETER, PageState, page_state_sign, page_state_unsign
from monitoring.ogc.openapi import openapi_document
from monitoring.ogc.params import ParameterError, crs_param, items_query
from monitoring.ogc.query import SERIAL, count_and_bounds, feature_json, page_json

GEOJSON = "application/geo+json"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]


class AnyAccept(BaseContentNegotiation):
    """GDAL and QGIS ask for application/geo+json: answer JSON whatever they accept."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class OgcView(APIView):
    schema = None  # documented by its own OpenAPI document at /ogc/api
    authentication_classes = [
        CachedBasicAuthentication,
        authentication.TokenAuthentication,
        authentication.SessionAuthentication,
    ]
    permission_classes = [permissions.IsAuthenticated]
    content_negotiation_class = AnyAccept
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self):
        return ogc_exception_handler

    def base(self) -> str:
        return self.request.build_absolute_uri("/ogc")

    def collection(self, name: str) -> Collection:
        collection = COLLECTIONS.get(name)
        if collection is None:
            raise NotFound(_("No collection is called “%(name)s”.") % {"name": name})
        if not self.request.user.has_perm(collection.permission):
            raise PermissionDenied(_("You may not read the collection “%(name)s”.") % {"name": name})
        return collection

    def scope(self) -> Area:
        return Area.of(self.request.user)


def _json(data, *, content_type: str = "application/json", status: int = 200, headers=None) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type=content_type, status=status, headers=headers
    )


class LandingView(OgcView):
    def get(self, request):
        base = self.base()
        return _json(
            {
                "title": _("Drug and social-evils monitoring: OGC API – Features"),
                "description": _("Administrative units and places, limited to your areas."),
                "links": [
                    {"rel": "self", "type": "application/json", "href": f"{base}/"},
                    {
                        "rel": "service-desc",
                        "type": "application/vnd.oai.openapi+json;version=3.0",
                        "href": f"{base}/api",
                    },
                    {"rel": "conformance", "type": "application/json", "href": f"{base}/conformance"},
                    {"rel": "data", "type": "application/json", "href": f"{base}/collections"},
                ],
            }
        )


class ConformanceView(OgcView):
    def get(self, request):
        return _json({"conformsTo": CONFORMANCE})


class OpenApiView(OgcView):
    def get(self, request):
        return _json(
            openapi_document(base=self.base(), collections=COLLECTIONS.values()),
            content_type="application/vnd.oai.openapi+json;version=3.0",
        )


class CollectionsView(OgcView):
    def get(self, request):
        base = self.base()
        readable = [c for c in COLLECTIONS.values() if request.user.has_perm(c.permission)]
        return _json(
            {
                "links": [{"rel": "self", "type": "application/json", "href": f"{base}/collections"}],
                "collections": [self.describe(c) for c in readable],
            }
        )

    def extent(self, collection: Collection) -> list[float]:
        """The box of the user's units (every place lies in one); the border's own box."""
        if collection.name == "border":
            rows = BorderLine.objects.all()
        else:
            rows = AdminUnit.current.filter(self.scope().units_q())
        extent = rows.aggregate(box=Extent("geom"))["box"]
        return [round(v, 6) for v in extent] if extent else [102.1, 8.1, 109.5, 23.4]

    def describe(self, collection: Collection) -> dict:
        href = f"{self.base()}/collections/{collection.name}"
        return {
            "id": collection.name,
            "title": str(collection.title),
            "description": str(collection.description),
            "itemType": "feature",
            "links": [
                {"rel": "self", "type": "application/json", "href": href},
                {"rel": "items", "type": GEOJSON, "href": f"{href}/items"},
                {"rel": QUERYABLES_REL, "type": "application/schema+json", "href": f"{href}/queryables"},
            ],
            "extent": {"spatial": {"bbox": [self.extent(collection)], "crs": CRS84}},
            "crs": supported_uris(),
            "storageCrs": CRS84,
        }


class CollectionView(CollectionsView):
    def get(self, request, name):
        return _json(self.describe(self.collection(name)))


def _rows(view: OgcView, collection: Collection, query):
    rows = collection.rows(view.scope() if collection.scoped else Area.everything())
    if query is not None:
        if query.bbox is not None:
            rows = rows.filter(**{f"{collection.geometry}__intersects": query.bbox})
        rows = rows.filter(**query.filters)
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


QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
JSON_SCHEMA_TYPES = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "string": {"type": "string"},
}


class QueryablesView(OgcView):
    """The properties one may filter the items on (OGC API – Features Part 3), from the
    layer's fields: name, type and label."""

    def get(self, request, name):
        collection = self.collection(name)
        href = f"{self.base()}/collections/{collection.name}/queryables"
        return _json(
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": href,
                "type": "object",
                "title": str(collection.title),
                "properties": {
                    field_name: {"title": str(f.label), **JSON_SCHEMA_TYPES[f.type]}
                    for field_name, f in collection.layer.queryables().items()
                },
                "additionalProperties": False,
            },
            content_type="application/schema+json",
        )


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
        elif query.bbox is not None:
            matched, bounds = count_and_bounds(
                rows, collection.id_property, query.limit, max_pages=BOUNDED_PAGES
            )
        else:
            matched, bounds = _count(rows), None
        after = state.after if state and state.offset == query.offset else None
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
        if key == "id" and not feature_id.isdigit():
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
        return HttpResponse(
            body, content_type=GEOJSON, headers={"Content-Crs": _content_crs(srid, lat_first)}
        )
