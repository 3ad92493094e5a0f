"""URLs under ``/api/``: one route per layer name, the token endpoint, the OpenAPI
schema and its browsable documentation (Swagger UI, served by the app)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from monitoring.api import views

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
    path("token/", obtain_auth_token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
