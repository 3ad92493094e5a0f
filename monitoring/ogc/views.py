"""OGC API – Features endpoints: landing page, conformance, OpenAPI document,
collections, queryables, schema, items and one item; JSON, or HTML for a browser
(``negotiation``, pages in ``html``). Errors are OGC JSON always.

Authentication as the REST API plus HTTP Basic (QGIS and GDAL log in that way); an
anonymous request gets a 401 with ``WWW-Authenticate``. A collection needs its model's
view permission; rows are limited to the user's area."""

import json

from django.contrib.gis.db.models import Extent
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import authentication, permissions
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from geo.areas import Area
from geo.models import AdminUnit, BorderLine
from monitoring.api.authentication import CachedBasicAuthentication
from monitoring.api.tokens import ExpiringTokenAuthentication
from monitoring.ogc.collections import COLLECTIONS, Collection
from monitoring.ogc.crs import CRS84, supported_uris
from monitoring.ogc.errors import ogc_exception_handler, ogc_server_error
from monitoring.ogc.html import field_rows, html_page
from monitoring.ogc.negotiation import wants_html
from monitoring.ogc.openapi import openapi_document
from monitoring.ogc.schemas import queryables_schema, schema_document

GEOJSON = "application/geo+json"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/ogcapi-features-5/1.0/conf/schemas",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/sorting",
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
        ExpiringTokenAuthentication,
        authentication.SessionAuthentication,
    ]
    permission_classes = [permissions.IsAuthenticated]
    content_negotiation_class = AnyAccept
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self):
        return ogc_exception_handler

    def handle_exception(self, exc):
        try:
            return super().handle_exception(exc)
        except Exception as error:
            return ogc_server_error(self.request, error)

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

    def html(self) -> bool:
        return wants_html(self.request.GET, self.request.headers.get("Accept"))

    def answer(
        self, data, *, template: str | None = None, title="", content_type="application/json", **context
    ):
        """``data`` as JSON, or as the HTML page ``template`` if the client wants HTML."""
        html = self.html()  # also checks ``f``
        if template and html:
            return html_page(self.request, template, base=self.base(), data=data, title=title, **context)
        response = _json(data, content_type=content_type)
        if template:
            response["Vary"] = "Accept"
        return response


def _json(data, *, content_type: str = "application/json", status: int = 200, headers=None) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type=content_type, status=status, headers=headers
    )


class LandingView(OgcView):
    def get(self, request):
        base = self.base()
        title = _("Drug and social-evils monitoring: OGC API – Features")
        return self.answer(
            {
                "title": title,
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
                    {"rel": "alternate", "type": "text/html", "href": f"{base}/?f=html"},
                ],
            },
            template="landing",
            title=title,
        )


class ConformanceView(OgcView):
    def get(self, request):
        return self.answer(
            {"conformsTo": CONFORMANCE},
            template="conformance",
            title=_("Conformance classes"),
            crumbs=[(_("Conformance classes"), f"{self.base()}/conformance")],
        )


class OpenApiView(OgcView):
    def get(self, request):
        return self.answer(
            openapi_document(base=self.base(), collections=COLLECTIONS.values()),
            content_type="application/vnd.oai.openapi+json;version=3.0",
        )


class CollectionsView(OgcView):
    def get(self, request):
        base = self.base()
        readable = [c for c in COLLECTIONS.values() if request.user.has_perm(c.permission)]
        return self.answer(
            {
                "links": [
                    {"rel": "self", "type": "application/json", "href": f"{base}/collections"},
                    {"rel": "alternate", "type": "text/html", "href": f"{base}/collections?f=html"},
                ],
                "collections": [self.describe(c) for c in readable],
            },
            template="collections",
            title=_("Collections"),
            crumbs=[(_("Collections"), f"{base}/collections")],
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
                {"rel": "alternate", "type": "text/html", "href": f"{href}?f=html"},
                {"rel": "items", "type": GEOJSON, "href": f"{href}/items"},
                {"rel": "items", "type": "text/html", "href": f"{href}/items?f=html"},
                {"rel": QUERYABLES_REL, "type": "application/schema+json", "href": f"{href}/queryables"},
                {"rel": SCHEMA_REL, "type": "application/schema+json", "href": f"{href}/schema"},
            ],
            "extent": {"spatial": {"bbox": [self.extent(collection)], "crs": CRS84}},
            "crs": supported_uris(),
            "storageCrs": CRS84,
        }


class CollectionView(CollectionsView):
    def get(self, request, name):
        collection = self.collection(name)
        base = self.base()
        return self.answer(
            self.describe(collection),
            template="collection",
            title=str(collection.title),
            fields=field_rows(collection.layer),
            crumbs=[
                (_("Collections"), f"{base}/collections"),
                (str(collection.title), f"{base}/collections/{name}"),
            ],
        )


QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
SCHEMA_REL = "http://www.opengis.net/def/rel/ogc/1.0/schema"


class QueryablesView(OgcView):
    """The properties one may filter and sort the items on (OGC API – Features Part 3),
    from the layer's fields: name, type and label."""

    def get(self, request, name):
        collection = self.collection(name)
        href = f"{self.base()}/collections/{collection.name}/queryables"
        return self.answer(queryables_schema(collection, href=href), content_type="application/schema+json")


class SchemaView(OgcView):
    """Every property of a feature and its geometry (Part 5 schema), from the layer."""

    def get(self, request, name):
        collection = self.collection(name)
        href = f"{self.base()}/collections/{collection.name}/schema"
        return self.answer(schema_document(collection, href=href), content_type="application/schema+json")
