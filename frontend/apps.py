"""App configuration for ``frontend``: the map pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontendConfig(AppConfig):
    name = "frontend"
    verbose_name = _("Map pages")

    def ready(self):
        from frontend.risk_map.report_maps import report_maps_draw
        from monitoring.reports.maps import report_maps_wanted

        report_maps_wanted.connect(report_maps_draw, dispatch_uid="frontend_report_maps")
