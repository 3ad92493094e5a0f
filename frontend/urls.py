"""URLs of the map pages."""

from django.urls import path

from frontend import views
from frontend.risk_map import views as risk_views

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
    path("maps/risk/", risk_views.risk_map_page, name="risk_map"),
    path("maps/risk/commune/<str:code>.json", risk_views.risk_map_commune, name="risk_map_commune"),
    path("maps/risk/export.geojson", risk_views.risk_map_export, name="risk_map_export"),
    path("maps/risk/map.png", risk_views.risk_map_png, name="risk_map_png"),
    path("maps/risk/print/", risk_views.risk_map_print, name="risk_map_print"),
]
