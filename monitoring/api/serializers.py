"""Serializers of the REST API. The Feature serializers of the layers are derived from
``monitoring.layers`` (``layer_serializer``): the same property names, types and values
as the OGC API, the tiles and the exports."""

from drf_spectacular.contrib.rest_framework_gis import build_geo_schema
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from geo.models import AdminUnit
from monitoring.api import schema  # noqa: F401 - registers the Feature schema extension
from monitoring.layers import CASE_COUNTS, Layer
from monitoring.models import CaseCount, Classification, Indicator, Inspection

__all__ = [
    "CaseCountSerializer",
    "ClassificationSerializer",
    "IndicatorSerializer",
    "InspectionSerializer",
    "case_count_serializer",
    "layer_serializer",
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


#: Registry type → the serializer field that renders (and documents) it.
TYPE_FIELDS = {
    "integer": serializers.IntegerField,
    "number": serializers.FloatField,
    "boolean": serializers.BooleanField,
    "date": serializers.DateField,
    "string": serializers.CharField,
}
PROPERTIES_ATTRIBUTE = "layer_properties"  # the view annotates it (``Layer.properties_annotation``)
_built: dict[tuple, type] = {}


def layer_serializer(layer: Layer, *, model, geo_field: str, geometry_source: str | None = None) -> type:
    """The Feature serializer of ``layer``: its ``rest`` properties with their types, read
    from the row's ``layer_properties`` (computed by the layer's own SQL). Built again
    when the layer's fields change, so a field added to the layer appears here too."""
    fields = layer.fields("rest")
    key = (layer.name, model, geo_field, tuple((f.name, f.type) for f in fields))
    if key not in _built:
        geometry_class = UnitGeometryField if geometry_source else GeometryField
        attrs = {
            f.name: TYPE_FIELDS[f.type](
                source=f"{PROPERTIES_ATTRIBUTE}.{f.name}", read_only=True, allow_null=True, default=None
            )
            for f in fields
        }
        attrs[geo_field] = geometry_class(
            precision=6, read_only=True, **({"source": geometry_source} if geometry_source else {})
        )
        attrs["Meta"] = type(
            "Meta",
            (),
            {
                "model": model,
                "geo_field": geo_field,
                "id_field": layer.id_property,
                "fields": [*layer.property_names("rest"), geo_field],
            },
        )
        name = "".join(part.title() for part in layer.name.split("-")) + "FeatureSerializer"
        _built[key] = type(name, (FeatureSerializer,), attrs)
    return _built[key]


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "establishment", "date", "team", "result", "violations", "follow_up_due"]
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer):
    part_of = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The whole this indicator is a part of, if any.",
    )

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


@extend_schema_field({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}(-01)?$"})
class MonthField(serializers.DateField):
    """A month written ``YYYY-MM``, as in every other channel; ``YYYY-MM-01`` is read too."""

    def to_representation(self, value):
        return None if value is None else f"{value:%Y-%m}"

    def to_internal_value(self, data):
        if isinstance(data, str) and len(data) == 7:
            data = f"{data}-01"
        return super().to_internal_value(data)


class CaseCountSerializer(serializers.ModelSerializer):
    """``commune_code, commune_name, period, indicator, value``. Writing goes through
    ``case_counts_record`` (every rule checked; see the view)."""

    commune_code = serializers.CharField(source="unit.code")
    commune_name = serializers.CharField(source="unit.name", read_only=True)
    period = MonthField(help_text="The month, YYYY-MM (YYYY-MM-01 is read too).")
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    value = ProtectedCountField(min_value=0)

    class Meta:
        model = CaseCount
        fields = CASE_COUNTS.property_names("rest")


def case_count_serializer() -> type:
    """``CaseCountSerializer`` with every ``rest`` field of the case-counts layer: a field
    the serializer does not declare is read from the row's ``layer_properties``."""
    fields = CASE_COUNTS.fields("rest")
    key = ("case-counts", tuple((f.name, f.type) for f in fields))
    if key not in _built:
        declared = CaseCountSerializer._declared_fields
        attrs = {
            f.name: TYPE_FIELDS[f.type](
                source=f"{PROPERTIES_ATTRIBUTE}.{f.name}", read_only=True, allow_null=True, default=None
            )
            for f in fields
            if f.name not in declared
        }
        attrs["Meta"] = type("Meta", (CaseCountSerializer.Meta,), {"fields": [f.name for f in fields]})
        _built[key] = type("CaseCountSerializer", (CaseCountSerializer,), attrs)
    return _built[key]
