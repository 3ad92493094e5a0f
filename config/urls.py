"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("geo/", include("geo.urls")),
    path("api/", include("monitoring.api.urls")),
    path("ogc/", include("monitoring.ogc.urls")),
    path("tiles/", include("monitoring.tiles.urls")),
    path("", include("frontend.urls")),
]

admin.site.site_header = _("Drug and social-evils monitoring: administration")
admin.site.site_title = _("Monitoring administration")
