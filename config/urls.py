"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from frontend.password_reset import password_reset_urls
from monitoring.ogc.views import LandingView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include(password_reset_urls())),  # only with mail configured
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("geo/", include("geo.urls")),
    path("api/", include("monitoring.api.urls")),
    path("ogc", LandingView.as_view()),  # without the slash too: QGIS does not follow a 301
    path("ogc/", include("monitoring.ogc.urls")),
    path("tiles/", include("monitoring.tiles.urls")),
    path("exports/", include("monitoring.exports.urls")),
    path("", include("frontend.urls")),
]

admin.site.site_header = _("Drug and social-evils monitoring: administration")
admin.site.site_title = _("Monitoring administration")
