"""Serializers of the REST API. Feature properties carry the contract's names, the same
as the OGC API and the exports (see ``monitoring.ogc.collections``)."""

from drf_spectacular.contrib.rest_framework_gis import build_geo_schema
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from geo.models import AdminUnit, BorderLine
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

__all__ = [
    "BorderSerializer",
    "CaseCountSerializer",
    "ClassificationSerializer",
    "CounsellingPointSerializer",
    "EstablishmentSerializer",
    "IndicatorSerializer",
    "InspectionSerializer",
    "SensitiveSiteSerializer",
    "TreatmentFacilitySerializer",
    "UnitSerializer",
]


class FeatureSerializer(GeoFeatureModelSerializer):
    """A GeoJSON Feature whose identifier is also a property (``id`` or ``code``), with
    properties in the contract's order."""

    def to_representation(self, instance):
        feature = super().to_representation(instance)
        properties = feature["properties"] | {self.Meta.id_field: feature["id"]}
        feature["properties"] = {
            name: properties[name] for name in self.Meta.fields if name != self.Meta.geo_field
        }
        return feature


@extend_schema_field(build_geo_schema(AdminUnit._meta.get_field("geom")))
class UnitGeometryField(GeometryField):
    """The boundary with RFC 7946 rings (the view annotates ``geometry``)."""


def _rounded(value):
    return None if value is None else round(value)


class UnitSerializer(FeatureSerializer):
    geom = UnitGeometryField(source="geometry", precision=6, read_only=True)
    parent_code = serializers.CharField(source="parent.code", read_only=True, allow_null=True, default=None)
    area_m2 = serializers.SerializerMethodField()
    border_distance_m = serializers.SerializerMethodField()

    class Meta:
        model = AdminUnit
        geo_field = "geom"
        id_field = "code"
        fields = [
            "code",
            "name",
            "level",
            "parent_code",
            "population",
            "area_m2",
            "is_border",
            "border_distance_m",
            "kind",
            "valid_from",
            "valid_to",
            "geom",
        ]

    def get_area_m2(self, unit) -> int | None:
        return _rounded(unit.area_m2)

    def get_border_distance_m(self, unit) -> int | None:
        return _rounded(unit.border_distance_m)


class EstablishmentSerializer(FeatureSerializer):
    location = GeometryField(precision=6, read_only=True)
    commune_code = serializers.CharField(source="commune.code", read_only=True, allow_null=True, default=None)
    last_inspected = serializers.DateField(read_only=True, allow_null=True)
    last_result = serializers.CharField(read_only=True, allow_null=True)
    follow_up_due = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Establishment
        geo_field = "location"
        id_field = "id"
        fields = [
            "id",
            "name",
            "type",
            "commune_code",
            "prone",
            "status",
            "last_inspected",
            "address",
            "licence_number",
            "last_result",
            "follow_up_due",
            "location",
        ]


class CounsellingPointSerializer(FeatureSerializer):
    location = GeometryField(precision=6, read_only=True)
    commune_code = serializers.CharField(source="commune.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = CounsellingPoint
        geo_field = "location"
        id_field = "id"
        fields = ["id", "name", "status", "commune_code", "opened_on", "staff", "location"]


class TreatmentFacilitySerializer(FeatureSerializer):
    location = GeometryField(precision=6, read_only=True)
    commune_code = serializers.CharField(source="commune.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = TreatmentFacility
        geo_field = "location"
        id_field = "id"
        fields = ["id", "name", "kind", "commune_code", "capacity", "location"]


class SensitiveSiteSerializer(FeatureSerializer):
    location = GeometryField(precision=6, read_only=True)

    class Meta:
        model = SensitiveSite
        geo_field = "location"
        id_field = "id"
        fields = ["id", "name", "kind", "address", "location"]


class BorderSerializer(GeoFeatureModelSerializer):
    geom = GeometryField(precision=6, read_only=True)

    class Meta:
        model = BorderLine
        geo_field = "geom"
        id_field = "neighbour"
        fields = ["neighbour", "source", "geom"]

    def to_representation(self, instance):
        feature = super().to_representation(instance)
        feature["properties"] = {"neighbour": feature["id"], "source": feature["properties"]["source"]}
        return feature


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "establishment", "date", "team", "result", "violations", "follow_up_due"]
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer):
    part_of = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Indicator
        fields = ["code", "name_vi", "name_en", "unit_label", "sensitive", "part_of", "aggregation"]
        read_only_fields = fields


class ClassificationSerializer(serializers.ModelSerializer):
    commune_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Classification
        fields = ["id", "commune_code", "year", "scheme", "drug_class", "decision_number", "decision_date"]
        read_only_fields = fields


@extend_schema_field(
    {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^(<[0-9]+|x)$"}]}
)
class ProtectedCountField(serializers.IntegerField):
    """A count as ``monitoring.disclosure`` shows it to the reader (the view puts the
    request's ``Disclosure`` in the context, and the shown values of a page's counts,
    read group by group, under ``shown``): “<5”, “x” or the figure."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, count):
        protection = self.context.get("disclosure")
        if protection is None or not protection.applies(sensitive=count.indicator.sensitive):
            return count.value
        shown = self.context.get("shown") or {}
        if count.id not in shown:
            shown = protection.case_counts([count.id])
        return shown.get(count.id, count.value)


class CaseCountSerializer(serializers.ModelSerializer):
    """``commune_code, commune_name, period, indicator, value``. Writing goes through
    ``case_counts_record`` (every rule checked; see the view)."""

    commune_code = serializers.CharField(source="unit.code")
    commune_name = serializers.CharField(source="unit.name", read_only=True)
    period = serializers.DateField(help_text="First day of the month, YYYY-MM-01.")
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    value = ProtectedCountField(min_value=0)

    class Meta:
        model = CaseCount
        fields = ["commune_code", "commune_name", "period", "indicator", "value"]
