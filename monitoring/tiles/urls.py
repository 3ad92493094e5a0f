"""URLs under ``/tiles/``: each layer's TileJSON, its tiles under the account's key
(the address the TileJSON gives) and, for pages logged in by their session, without it
(never stored by a cache)."""

from django.urls import path

from monitoring.tiles import views

app_name = "tiles"
urlpatterns = [
    path("<str:layer>.json", views.TileJsonView.as_view(), name="tilejson"),
    path("<str:layer>/<str:key>/<int:z>/<int:x>/<int:y>.pbf", views.TileView.as_view(), name="keyed-tile"),
    path("<str:layer>/<int:z>/<int:x>/<int:y>.pbf", views.TileView.as_view(), name="tile"),
]
