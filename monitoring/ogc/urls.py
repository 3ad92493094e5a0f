"""URLs under ``/ogc/`` (OGC API – Features). A trailing slash is optional everywhere
(QGIS does not follow a redirect); any other path is an OGC 404."""

from django.urls import re_path

from monitoring.ogc import items, views
from monitoring.ogc.errors import ogc_not_found

app_name = "ogc"
NAME = r"(?P<name>[^/]+)"
urlpatterns = [
    re_path(r"^$", views.LandingView.as_view(), name="landing"),
    re_path(r"^api/?$", views.OpenApiView.as_view(), name="openapi"),
    re_path(r"^conformance/?$", views.ConformanceView.as_view(), name="conformance"),
    re_path(r"^collections/?$", views.CollectionsView.as_view(), name="collections"),
    re_path(rf"^collections/{NAME}/?$", views.CollectionView.as_view(), name="collection"),
    re_path(rf"^collections/{NAME}/queryables/?$", views.QueryablesView.as_view(), name="queryables"),
    re_path(rf"^collections/{NAME}/schema/?$", views.SchemaView.as_view(), name="schema"),
    re_path(rf"^collections/{NAME}/items/?$", items.ItemsView.as_view(), name="items"),
    re_path(rf"^collections/{NAME}/items/(?P<feature_id>[^/]+)/?$", items.ItemView.as_view(), name="item"),
    re_path(r"^(?P<rest>.*)$", ogc_not_found, name="not-found"),
]
