"""REST API views: parse the filters, call the selectors with the requesting user's
area, render. Reading needs the model's ``view`` permission; nothing outside the user's
area is ever in a queryset (lists, details, nested lists)."""

import datetime

from django.contrib.gis.db.models import MultiPolygonField
from django.db.models import Func, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.errors import BadInput
from core.parse import number_parse
from geo.areas import Area
from geo.models import AdminUnit, BorderLine, Level
from monitoring import disclosure, layers
from monitoring.api import serializers
from monitoring.api.filters import (
    area_filter_parse,
    establishment_filter_parse,
    places_in_area,
    sites_in_area,
    units_in_area,
)
from monitoring.api.pagination import FeaturePagination, RowPagination
from monitoring.api.permissions import ModelPermissions
from monitoring.audit import audit_export
from monitoring.establishments.filters import EstablishmentFilter, FilterError
from monitoring.establishments.selectors import establishment_list
from monitoring.layers.base import month_param
from monitoring.models import (
    CaseCount,
    Classification,
    CounsellingPoint,
    Establishment,
    Indicator,
    Inspection,
    SensitiveSite,
    TreatmentFacility,
)
from monitoring.services.case_counts import case_counts_record

AREA_PARAMETERS = [
    OpenApiParameter("commune", str, description="Commune code(s), comma-separated."),
    OpenApiParameter("district", str, description="District code."),
    OpenApiParameter("province", str, description="Province code."),
    OpenApiParameter("bbox", str, description="minlon,minlat,maxlon,maxlat (WGS 84)."),
    OpenApiParameter("polygon", str, description="A polygon as WKT or GeoJSON, lon/lat."),
    OpenApiParameter("point", str, description="lon,lat of a circle's centre (with radius)."),
    OpenApiParameter("lon", float, description="Longitude of a circle's centre (with lat, radius)."),
    OpenApiParameter("lat", float, description="Latitude of a circle's centre (with lon, radius)."),
    OpenApiParameter("radius", float, description="Circle radius in metres, on the ellipsoid."),
]
ESTABLISHMENT_PARAMETERS = [
    *AREA_PARAMETERS,
    OpenApiParameter("type", str, description="Type(s), comma-separated: karaoke, bar, …"),
    OpenApiParameter("prone", str, enum=["true", "false"]),
    OpenApiParameter("status", str, enum=["active", "closed"]),
    OpenApiParameter("inspection", str, enum=["never", "before", "overdue", "violation"]),
    OpenApiParameter("before", datetime.date, description="With inspection=before."),
    OpenApiParameter("q", str, description="Text in the name or address, accents and case aside."),
]


class ForcePolygonCCW(Func):
    """RFC 7946 rings: exterior counter-clockwise, holes clockwise."""

    function = "ST_ForcePolygonCCW"
    output_field = MultiPolygonField(srid=4326)


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ModelPermissions]
    layer = None  # a layer of ``monitoring.layers``: its Feature serializer and properties
    geometry_source = None  # an annotation holding the geometry (else the model's column)

    def get_serializer_class(self):
        if self.layer is None:
            return super().get_serializer_class()
        geo_field = "geom" if self.layer.geometry == "t.geom" else "location"
        return serializers.layer_serializer(
            self.layer, model=self.queryset.model, geo_field=geo_field, geometry_source=self.geometry_source
        )

    def layer_rows(self, queryset):
        """``queryset`` with each row's properties computed by the layer's own SQL."""
        return queryset.annotate(
            **{serializers.PROPERTIES_ATTRIBUTE: self.layer.properties_annotation("rest", queryset.model)}
        )

    def list(self, request, *args, **kwargs):
        """The page of rows, recorded in the audit log as an export of the layer."""
        response = super().list(request, *args, **kwargs)
        data = response.data
        rows = data.get("features", data.get("results", [])) if isinstance(data, dict) else data
        layer = request.path.rstrip("/").rsplit("/", 1)[-1]
        audit_export(request.user, "api", layer, dict(request.query_params.items()), len(rows))
        return response

    @property
    def scope(self) -> Area:
        return Area.of(self.request.user)


@extend_schema_view(list=extend_schema(parameters=AREA_PARAMETERS))
class UnitViewSet(ScopedViewSet):
    """Current administrative units of one level, with border facts."""

    level = Level.COMMUNE
    layer = layers.COMMUNES
    geometry_source = "geometry"
    pagination_class = FeaturePagination
    lookup_field = "code"
    lookup_value_regex = "[0-9A-Za-z]+"
    queryset = AdminUnit.current.none()

    def get_queryset(self):
        queryset = self.layer_rows(
            AdminUnit.current.filter(level=self.level)
            .annotate(geometry=ForcePolygonCCW("geom"))
            .order_by("code")
        )
        queryset = queryset.filter(self.scope.units_q())
        if self.action == "list":
            queryset = units_in_area(queryset, area_filter_parse(self.request.query_params))
        return queryset


class CommuneViewSet(UnitViewSet):
    level = Level.COMMUNE
    layer = layers.COMMUNES


class DistrictViewSet(UnitViewSet):
    level = Level.DISTRICT
    layer = layers.DISTRICTS


class ProvinceViewSet(UnitViewSet):
    level = Level.PROVINCE
    layer = layers.PROVINCES


@extend_schema_view(list=extend_schema(parameters=ESTABLISHMENT_PARAMETERS))
class EstablishmentViewSet(ScopedViewSet):
    """Establishments: the inspectors' page filter, the same rows."""

    layer = layers.ESTABLISHMENTS
    pagination_class = FeaturePagination
    queryset = Establishment.objects.none()

    def get_queryset(self):
        f = (
            establishment_filter_parse(self.request.query_params)
            if self.action == "list"
            else EstablishmentFilter()
        )
        return self.layer_rows(establishment_list(filter=f, scope=self.scope, annotate=False)).order_by(
            "name", "id"
        )

    @extend_schema(responses=serializers.InspectionSerializer(many=True))
    @action(detail=True, pagination_class=RowPagination)
    def inspections(self, request, pk=None):
        """The establishment's visits, latest first."""
        establishment = self.get_object()
        if not request.user.has_perm("monitoring.view_inspection"):
            raise PermissionDenied()
        page = self.paginate_queryset(establishment.inspections.order_by("-date", "-id"))
        return self.get_paginated_response(serializers.InspectionSerializer(page, many=True).data)


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("establishment", int), *AREA_PARAMETERS]))
class InspectionViewSet(ScopedViewSet):
    serializer_class = serializers.InspectionSerializer
    pagination_class = RowPagination
    queryset = Inspection.objects.none()

    def get_queryset(self):
        places = Establishment.objects.filter(self.scope.q("commune"))
        if self.action == "list":
            places = places_in_area(places, area_filter_parse(self.request.query_params))
            wanted = self.request.query_params.get("establishment")
            if wanted:
                reason = _("give an establishment id (a number).")
                try:
                    pk = number_parse(wanted, parameter="establishment", low=1, high=2**31 - 1, whole=True)
                except BadInput:
                    raise FilterError("establishment", wanted, reason) from None
                places = places.filter(pk=pk)
        return Inspection.objects.filter(establishment__in=places).order_by("-date", "-id")


class PlaceViewSet(ScopedViewSet):
    pagination_class = FeaturePagination

    def get_queryset(self):
        queryset = self.layer_rows(self.model.objects.filter(self.scope.q("commune")).order_by("name", "id"))
        if self.action == "list":
            queryset = places_in_area(queryset, area_filter_parse(self.request.query_params))
        return queryset


@extend_schema_view(list=extend_schema(parameters=AREA_PARAMETERS))
class CounsellingPointViewSet(PlaceViewSet):
    model = CounsellingPoint
    queryset = CounsellingPoint.objects.none()
    layer = layers.COUNSELLING_POINTS


@extend_schema_view(list=extend_schema(parameters=AREA_PARAMETERS))
class TreatmentFacilityViewSet(PlaceViewSet):
    model = TreatmentFacility
    queryset = TreatmentFacility.objects.none()
    layer = layers.TREATMENT_FACILITIES


@extend_schema_view(list=extend_schema(parameters=AREA_PARAMETERS))
class SensitiveSiteViewSet(ScopedViewSet):
    layer = layers.SENSITIVE_SITES
    pagination_class = FeaturePagination
    queryset = SensitiveSite.objects.none()

    def get_queryset(self):
        queryset = self.layer_rows(
            SensitiveSite.objects.filter(self.scope.points_q("location")).order_by("name", "id")
        )
        if self.action == "list":
            queryset = sites_in_area(queryset, area_filter_parse(self.request.query_params))
        return queryset


class BorderViewSet(ScopedViewSet):
    """The national land border (reference data from OpenStreetMap, the same for every user)."""

    layer = layers.BORDER
    pagination_class = FeaturePagination
    lookup_field = "neighbour"
    queryset = BorderLine.objects.order_by("neighbour")

    def get_queryset(self):
        return self.layer_rows(self.queryset.all())


class IndicatorViewSet(ScopedViewSet):
    serializer_class = serializers.IndicatorSerializer
    pagination_class = RowPagination
    lookup_field = "code"
    queryset = Indicator.objects.select_related("part_of").order_by("display_order", "code")


def _unit_rows_q(scope: Area, get) -> Q:
    """Rows of a unit-bound resource (``unit`` foreign key) in ``scope`` and in the area
    the ``commune``/``district``/``province`` parameters of ``get`` name."""
    f = area_filter_parse({k: get.get(k) for k in ("commune", "district", "province") if get.get(k)})
    if f == EstablishmentFilter() and f.polygon is None:
        return scope.q("unit")
    return scope.q("unit") & Q(unit__in=units_in_area(AdminUnit.objects.all(), f).values("pk"))


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("year", int), *AREA_PARAMETERS[:3]]),
)
class ClassificationViewSet(ScopedViewSet):
    serializer_class = serializers.ClassificationSerializer
    pagination_class = RowPagination
    queryset = Classification.objects.none()

    def get_queryset(self):
        queryset = (
            Classification.objects.select_related("unit").defer("unit__geom").order_by("unit__code", "-year")
        )
        get = self.request.query_params if self.action == "list" else {}
        queryset = queryset.filter(_unit_rows_q(self.scope, get))
        year = get.get("year")
        if year:
            try:
                year = number_parse(year, parameter="year", low=1, high=9999, whole=True)
            except BadInput:
                raise FilterError("year", get.get("year"), _("give a year, e.g. 2025.")) from None
            queryset = queryset.filter(year=year)
        return queryset


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("period", str, description="Month, YYYY-MM."),
            OpenApiParameter("indicator", str, description="Indicator code."),
            *AREA_PARAMETERS[:3],
        ]
    ),
)
class CaseCountViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Monthly aggregated counts per commune. Reading needs ``view_casecount``; a
    sensitive indicator is protected without ``view_exact_counts`` (``monitoring.disclosure``:
    “<5” for 1–4, “x” for the cell that would give a single hidden one away, 0 shown).
    Posting a count records it through the same rules as data entry and imports (a
    part never exceeds its whole); replacing a stored value also needs ``change_casecount``."""

    pagination_class = RowPagination
    permission_classes = [ModelPermissions]
    queryset = CaseCount.objects.none()

    def get_serializer_class(self):
        return serializers.case_count_serializer()

    @property
    def scope(self) -> Area:
        return Area.of(self.request.user)

    def get_queryset(self):
        get = self.request.query_params
        queryset = (
            CaseCount.objects.filter(_unit_rows_q(self.scope, get))
            .select_related("unit", "indicator")
            .defer("unit__geom")
        )
        if get.get("period"):
            queryset = queryset.filter(period=month_param(get, "period"))
        if get.get("indicator"):
            queryset = queryset.filter(indicator__code=get["indicator"])
        if set(layers.CASE_COUNTS.property_names("rest")) - set(
            serializers.CaseCountSerializer._declared_fields
        ):
            # fields of the layer the serializer does not declare: computed by the layer's SQL
            queryset = queryset.annotate(
                **{
                    serializers.PROPERTIES_ATTRIBUTE: layers.CASE_COUNTS.properties_annotation(
                        "rest", CaseCount
                    )
                }
            )
        return queryset.order_by("-period", "unit__code", "indicator__display_order", "indicator__code")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["disclosure"] = disclosure.disclosure_for(user=self.request.user)
        return context

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        serializer = self.get_serializer(page, many=True)
        serializer.context["shown"] = serializer.context["disclosure"].case_counts(c.id for c in page)
        return self.get_paginated_response(serializer.data)

    def create(self, request):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        unit = AdminUnit.current.filter(code=data["unit"]["code"], level=Level.COMMUNE).first()
        if unit is None:
            raise FilterError("commune_code", data["unit"]["code"], _("no current commune has this code."))
        if not self.scope.contains(unit):
            raise PermissionDenied(_("Commune %(code)s is outside your area.") % {"code": unit.code})
        period = data["period"]
        exists = CaseCount.objects.filter(unit=unit, period=period, indicator=data["indicator"]).exists()
        if exists and not request.user.has_perm("monitoring.change_casecount"):
            raise PermissionDenied(_("Changing a stored count needs the permission to change case counts."))
        (count,) = case_counts_record(unit=unit, period=period, values={data["indicator"]: data["value"]})
        return Response(
            self.get_serializer(count).data, status=status.HTTP_200_OK if exists else status.HTTP_201_CREATED
        )
