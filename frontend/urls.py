"""URLs of the map pages."""

from django.urls import path

from frontend import province_report, public_page, views
from frontend.alerts import views as alert_views
from frontend.boundaries import views as boundary_views
from frontend.data_entry import (
    approval_views,
    complete_views,
    completeness_views,
    entry_views,
    import_views,
    quality_views,
    rule_views,
)
from frontend.establishments import inspection_views as establishment_inspections
from frontend.establishments import views as establishment_views
from frontend.field import views as field_views
from frontend.planning import views as planning_views
from frontend.risk_map import views as risk_views

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
    path("public/", public_page.public_page, name="public"),
    path("maps/risk/", risk_views.risk_map_page, name="risk_map"),
    path("maps/risk/commune/<str:code>.json", risk_views.risk_map_commune, name="risk_map_commune"),
    path("maps/risk/state.json", risk_views.risk_map_state, name="risk_map_state"),
    path("maps/risk/export.geojson", risk_views.risk_map_export, name="risk_map_export"),
    path("maps/risk/map.png", risk_views.risk_map_png, name="risk_map_png"),
    path("maps/risk/print/", risk_views.risk_map_print, name="risk_map_print"),
    path("reports/province/", province_report.province_report_download, name="province_report"),
    path("maps/establishments/", establishment_views.establishments_page, name="establishments"),
    path("field/", field_views.field_app, name="field"),
    path("field/manifest.json", field_views.field_manifest, name="field_manifest"),
    path("field/sw.js", field_views.field_service_worker, name="field_sw"),
    path("maps/establishments/visits/", establishment_inspections.visit_list, name="visit_list"),
    path(
        "maps/establishments/coverage/", establishment_inspections.coverage_page, name="inspection_coverage"
    ),
    path(
        "maps/establishments/export.<str:fmt>",
        establishment_views.establishments_export,
        name="establishments_export",
    ),
    path(
        "maps/establishments/items.json", establishment_views.establishments_json, name="establishments_json"
    ),
    path(
        "maps/establishments/<int:pk>/inspect/",
        establishment_views.establishment_inspect,
        name="establishment_inspect",
    ),
    path("data/entry/", entry_views.data_entry, name="data_entry"),
    path("data/entry/complete/", complete_views.data_entry_complete, name="data_entry_complete"),
    path("data/approval/", approval_views.data_approval, name="data_approval"),
    path("data/import/", import_views.data_import, name="data_import"),
    path("data/completeness/", completeness_views.data_completeness, name="data_completeness"),
    path("data/quality/rules/", rule_views.data_quality_rules, name="data_quality_rules"),
    path("data/quality/outliers/", quality_views.data_quality_outliers, name="data_quality_outliers"),
    path("maps/planning/", planning_views.planning_page, name="planning"),
    path("maps/planning/coverage.json", planning_views.planning_coverage, name="planning_coverage"),
    path("maps/planning/site.json", planning_views.planning_site, name="planning_site"),
    path("maps/planning/scenarios/", planning_views.planning_scenario_save, name="planning_scenario_save"),
    path("maps/planning/promote/", planning_views.planning_promote, name="planning_promote"),
    path("maps/planning/compare/", planning_views.planning_compare, name="planning_compare"),
    path("maps/planning/outreach.<str:fmt>", planning_views.planning_outreach, name="planning_outreach"),
    path("alerts/", alert_views.alerts_page, name="alerts"),
    path("alerts/export.<str:fmt>", alert_views.alerts_export, name="alerts_export"),
    path("data/boundaries/", boundary_views.boundary_upload, name="boundary_upload"),
]
