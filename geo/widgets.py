"""An admin map widget that works with no internet: OpenLayers served by the app, and
a basemap of country outlines from the database (plus tiles if ``BASEMAP_TILE_URL`` is
set)."""

from django.conf import settings
from django.contrib.gis.forms.widgets import OSMWidget
from django.urls import reverse

__all__ = ["OfflineMapWidget"]


class OfflineMapWidget(OSMWidget):
    template_name = "geo/offline_map_widget.html"
    default_lon = 108.0
    default_lat = 15.6
    default_zoom = 8

    class Media:
        extend = False
        css = {"all": ("vendor/ol/ol.css", "gis/css/ol3.css")}
        js = ("vendor/ol/ol.js", "gis/js/OLMapWidget.js", "geo/offline_map_widget.js")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["countries_url"] = reverse("geo:countries")
        context["tile_url"] = settings.BASEMAP_TILE_URL
        return context
