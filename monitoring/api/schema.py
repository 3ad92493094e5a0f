"""The OpenAPI description of the layers' Features as they are sent: every member of a
Feature and every property is always present (null when empty), and the identifier is
also a property (``FeatureSerializer``). drf-spectacular's own drf-gis extension leaves
``required`` out and drops the identifier from ``properties``."""

from drf_spectacular.contrib.rest_framework_gis import GeoFeatureModelSerializerExtension

__all__ = ["LayerFeatureExtension"]


class LayerFeatureExtension(GeoFeatureModelSerializerExtension):
    target_class = "monitoring.api.serializers.FeatureSerializer"
    match_subclasses = True
    priority = 1  # before the drf-gis extension

    def map_serializer(self, auto_schema, direction):
        schema = super().map_serializer(auto_schema, direction)
        meta = self.target.Meta
        properties = schema["properties"]["properties"]
        named = properties["properties"] | {meta.id_field: schema["properties"]["id"]}
        properties["properties"] = {name: named[name] for name in meta.fields if name != meta.geo_field}
        properties["required"] = list(properties["properties"])
        schema["required"] = ["type", "id", "geometry", "properties"]
        return schema
