"""URLs under ``/api/``: one route per layer name, the token endpoint, the OpenAPI
schema and its browsable documentation (Swagger UI, served by the app)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from monitoring.api import field, views
from monitoring.api.reports import ProvinceReportView
from monitoring.api.token_view import token_obtain

app_name = "api"

router = DefaultRouter()
router.register("communes", views.CommuneViewSet, basename="commune")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("establishments", views.EstablishmentViewSet, basename="establishment")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("counselling-points", views.CounsellingPointViewSet, basename="counselling-point")
router.register("treatment-facilities", views.TreatmentFacilityViewSet, basename="treatment-facility")
router.register("sensitive-sites", views.SensitiveSiteViewSet, basename="sensitive-site")
router.register("border", views.BorderViewSet, basename="border")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("case-counts", views.CaseCountViewSet, basename="case-count")
router.register("classifications", views.ClassificationViewSet, basename="classification")

urlpatterns = [
    path("token/", token_obtain, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("reports/province/", ProvinceReportView.as_view(), name="province-report"),
    path("field/communes/", field.CommunesView.as_view(), name="field-communes"),
    path("field/package/", field.PackageView.as_view(), name="field-package"),
    path("field/visits/", field.VisitsView.as_view(), name="field-visits"),
    path("field/visits/<uuid:key>/", field.VisitView.as_view(), name="field-visit"),
    path("field/visits/<uuid:key>/withdraw/", field.WithdrawView.as_view(), name="field-withdraw"),
    path("field/visits/<uuid:key>/photos/", field.PhotosView.as_view(), name="field-photos"),
    path("field/photos/<int:pk>/", field.PhotoView.as_view(), name="field-photo"),
    path("", include(router.urls)),
]
