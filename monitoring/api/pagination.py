"""Pages of the REST API: GeoJSON FeatureCollections with ``count``, ``next`` and
``previous`` for geographic resources, plain DRF pages for the others."""

from rest_framework.pagination import PageNumberPagination
from rest_framework_gis.pagination import GeoJsonPagination

__all__ = ["FeaturePagination", "RowPagination"]


class FeaturePagination(GeoJsonPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class RowPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
