"""Pages of the REST API: GeoJSON FeatureCollections with ``count``, ``next`` and
``previous`` for geographic resources, plain DRF pages for the others. Each documents
the page it answers (drf-spectacular reads ``get_paginated_response_schema``)."""

from rest_framework.pagination import PageNumberPagination
from rest_framework_gis.pagination import GeoJsonPagination

__all__ = ["FeaturePagination", "RowPagination"]

PAGE_FIELDS = ("count", "next", "previous")


class FeaturePagination(GeoJsonPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_paginated_response_schema(self, schema):
        """``schema`` is the FeatureCollection of the page's features (drf-spectacular's
        ``…FeatureList``: ``type`` and the ``features`` array); the page adds the counts
        and links, and every member is always sent. (drf-gis' own version nests the
        collection under ``features`` and requires ``results``, which is never sent.)"""
        rows = PageNumberPagination.get_paginated_response_schema(self, schema)["properties"]
        return {
            "allOf": [
                schema,
                {
                    "type": "object",
                    "required": ["type", *PAGE_FIELDS, "features"],
                    "properties": {name: rows[name] for name in PAGE_FIELDS},
                },
            ]
        }


class RowPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_paginated_response_schema(self, schema):
        page = super().get_paginated_response_schema(schema)
        page["required"] = [*PAGE_FIELDS, "results"]
        return page
