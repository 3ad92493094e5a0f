"""URLs under ``/tiles/``."""

from django.urls import path

from monitoring.tiles import views

app_name = "tiles"
urlpatterns = [
    path("<str:layer>/<int:z>/<int:x>/<int:y>.pbf", views.TileView.as_view(), name="tile"),
]
