"""URLs of the ``geo`` app: GeoJSON layers used by the maps and the admin widget."""

from django.urls import path

from geo import views

app_name = "geo"
urlpatterns = [
    path("countries.geojson", views.country_outlines_geojson, name="countries"),
]
