"""JSON Schemas of a collection's features, written from the layer's fields: the
queryables and the feature schema of OGC API – Features Part 3/Part 5 (JSON Schema
2020-12, ``/queryables`` and ``/schema``) and the Feature and FeatureCollection schemas
of the OpenAPI 3.0 document (``/api``), so clients and validators know each property's
type, label and that it may be empty. Pure: no Django."""

__all__ = [
    "JSON_SCHEMA",
    "feature_collection_openapi",
    "feature_openapi",
    "property_schema",
    "queryables_schema",
    "schema_document",
]

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
TYPES = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "string": {"type": "string"},
}
#: Part 5's ``format`` of the primary geometry, and the GeoJSON coordinates' nesting.
GEOMETRY_FORMATS = {"Point": "geometry-point", "MultiLineString": "geometry-multilinestring"}
GEOMETRY_FORMATS["MultiPolygon"] = "geometry-multipolygon"
COORDINATE_DEPTH = {"Point": 0, "MultiLineString": 2, "MultiPolygon": 3}


def property_schema(field, *, openapi: bool = False, nullable: bool = True) -> dict:
    """One property: its title (the field's label in the active language) and type;
    empty values allowed (``null``), in JSON Schema 2020-12 or OpenAPI 3.0 words."""
    schema = {"title": str(field.label), **TYPES[field.type]}
    if nullable and openapi:
        schema["nullable"] = True
    elif nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


def queryables_schema(collection, *, href: str) -> dict:
    return {
        "$schema": JSON_SCHEMA,
        "$id": href,
        "type": "object",
        "title": str(collection.title),
        "properties": {
            name: {"title": str(f.label), **TYPES[f.type]}
            for name, f in collection.layer.queryables().items()
        },
        "additionalProperties": False,
    }


def schema_document(collection, *, href: str) -> dict:
    """The properties of a feature and its geometry (Part 5, ``x-ogc-role``)."""
    layer = collection.layer
    properties = {}
    for field in layer.fields("ogc"):
        schema = property_schema(field, nullable=field.name != layer.id_property)
        if field.name == layer.id_property:
            schema["x-ogc-role"] = "id"
        properties[field.name] = schema
    properties["geometry"] = {
        "x-ogc-role": "primary-geometry",
        "format": GEOMETRY_FORMATS[collection.geometry_type],
    }
    return {
        "$schema": JSON_SCHEMA,
        "$id": href,
        "type": "object",
        "title": str(collection.title),
        "description": str(collection.description),
        "properties": properties,
        "required": [layer.id_property],
        "additionalProperties": False,
    }


def _geometry_openapi(geometry_type: str) -> dict:
    coordinates: dict = {"type": "array", "minItems": 2, "items": {"type": "number"}}
    for _ in range(COORDINATE_DEPTH[geometry_type]):
        coordinates = {"type": "array", "items": coordinates}
    return {
        "type": "object",
        "nullable": True,
        "required": ["type", "coordinates"],
        "properties": {"type": {"type": "string", "enum": [geometry_type]}, "coordinates": coordinates},
    }


LINK = {
    "type": "object",
    "required": ["href"],
    "properties": {"href": {"type": "string"}, "rel": {"type": "string"}, "type": {"type": "string"}},
}


def feature_openapi(collection) -> dict:
    """A GeoJSON Feature of ``collection`` (OpenAPI 3.0)."""
    layer = collection.layer
    id_type = TYPES[layer.field_get(layer.id_property).type]
    return {
        "type": "object",
        "required": ["type", "id", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": id_type,
            "geometry": _geometry_openapi(collection.geometry_type),
            "properties": {
                "type": "object",
                "required": layer.property_names("ogc"),
                "additionalProperties": False,
                "properties": {
                    f.name: property_schema(f, openapi=True, nullable=f.name != layer.id_property)
                    for f in layer.fields("ogc")
                },
            },
            "links": {"type": "array", "items": LINK},
        },
    }


def feature_collection_openapi(feature_ref: str) -> dict:
    """A page of features: GeoJSON FeatureCollection with the OGC paging members."""
    return {
        "type": "object",
        "required": ["type", "features", "numberMatched", "numberReturned", "links"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": {"$ref": feature_ref}},
            "numberMatched": {"type": "integer", "minimum": 0},
            "numberReturned": {"type": "integer", "minimum": 0},
            "links": {"type": "array", "items": LINK},
        },
    }
