"""URLs under ``/ogc/`` (OGC API – Features)."""

from django.urls import path

from monitoring.ogc import views

app_name = "ogc"
urlpatterns = [
    path("", views.LandingView.as_view(), name="landing"),
    path("api", views.OpenApiView.as_view(), name="openapi"),
    path("conformance", views.ConformanceView.as_view(), name="conformance"),
    path("collections", views.CollectionsView.as_view(), name="collections"),
    path("collections/<str:name>", views.CollectionView.as_view(), name="collection"),
    path("collections/<str:name>/queryables", views.QueryablesView.as_view(), name="queryables"),
    path("collections/<str:name>/items", views.ItemsView.as_view(), name="items"),
    path("collections/<str:name>/items/<str:feature_id>", views.ItemView.as_view(), name="item"),
]
