"""The OpenAPI 3.0 document of the OGC API (``/ogc/api``): one items path per
collection with its property filters, so clients (GDAL, QGIS) know what they may ask."""

from monitoring.ogc.crs import CRS84, supported_uris
from monitoring.ogc.params import DEFAULT_LIMIT, MAX_LIMIT
from monitoring.ogc.schemas import feature_collection_openapi, feature_openapi

__all__ = ["openapi_document"]

JSON = {"application/json": {"schema": {"type": "object"}}}
EXCEPTION = {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}
ERRORS = {
    "400": {"description": "A parameter is wrong; the description says which and why.", "content": EXCEPTION},
    "401": {"description": "Log in (HTTP Basic, token or session).", "content": EXCEPTION},
    "403": {"description": "Your account may not read this collection.", "content": EXCEPTION},
    "404": {"description": "No such collection or feature.", "content": EXCEPTION},
}
EXCEPTION_SCHEMA = {
    "type": "object",
    "required": ["code", "description"],
    "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
}
CRS_PARAMETER = {
    "name": "crs",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "format": "uri", "enum": supported_uris(), "default": CRS84},
    "style": "form",
    "explode": False,
}
PARAMETERS = [
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        "style": "form",
        "explode": False,
    },
    {
        "name": "offset",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 0, "default": 0},
        "style": "form",
        "explode": False,
    },
    {
        "name": "bbox",
        "in": "query",
        "required": False,
        "schema": {
            "type": "array",
            "oneOf": [{"minItems": 4, "maxItems": 4}, {"minItems": 6, "maxItems": 6}],
            "items": {"type": "number"},
        },
        "style": "form",
        "explode": False,
    },
    {**CRS_PARAMETER, "name": "bbox-crs"},
    CRS_PARAMETER,
    {
        "name": "filter",
        "in": "query",
        "required": False,
        "description": "A CQL2 filter on the queryables and geometry (Part 3), e.g. "
        "type = 'karaoke' AND S_INTERSECTS(geometry, BBOX(105.0, 7.0, 105.1, 7.1)).",
        "schema": {"type": "string"},
        "style": "form",
        "explode": False,
    },
    {
        "name": "filter-lang",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["cql2-text", "cql2-json"], "default": "cql2-text"},
        "style": "form",
        "explode": False,
    },
    {
        "name": "filter-crs",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "format": "uri", "enum": [CRS84], "default": CRS84},
        "style": "form",
        "explode": False,
    },
    {
        "name": "sortby",
        "in": "query",
        "required": False,
        "description": "Queryables separated by commas, '-' before one for descending: name,-last_inspected.",
        "schema": {"type": "string"},
        "style": "form",
        "explode": False,
    },
]
TYPES = {
    "str": {"type": "string"},
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "date": {"type": "string", "format": "date"},
}


def _ok(description: str, content: dict) -> dict:
    return {"200": {"description": description, "content": content}, **ERRORS}


def _schema_name(collection) -> str:
    return collection.name.title().replace("-", "")


def _geojson(ref: str) -> dict:
    return {"application/geo+json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _items(collection) -> dict:
    filters = [
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": TYPES[kind],
            "style": "form",
            "explode": False,
        }
        for name, (_, kind) in collection.filters.items()
    ]
    return {
        "get": {
            "summary": f"Features of {collection.name}",
            "operationId": f"get{collection.name.title().replace('-', '')}Features",
            "tags": [collection.name],
            "parameters": [*PARAMETERS, *filters],
            "responses": _ok(
                "A page of features (GeoJSON FeatureCollection).",
                _geojson(f"{_schema_name(collection)}FeatureCollection"),
            ),
        }
    }


def _item(collection) -> dict:
    return {
        "get": {
            "summary": f"One feature of {collection.name}",
            "operationId": f"get{collection.name.title().replace('-', '')}Feature",
            "tags": [collection.name],
            "parameters": [
                {"name": "featureId", "in": "path", "required": True, "schema": {"type": "string"}},
                CRS_PARAMETER,
            ],
            "responses": _ok("A GeoJSON Feature.", _geojson(f"{_schema_name(collection)}Feature")),
        }
    }


def _plain(summary: str, operation: str, content=JSON) -> dict:
    return {"get": {"summary": summary, "operationId": operation, "responses": _ok(summary, content)}}


SCHEMA_JSON = {"application/schema+json": {"schema": {"type": "object"}}}


def openapi_document(*, base: str, collections) -> dict:
    paths = {
        "/": _plain("Landing page", "getLandingPage"),
        "/api": _plain("This document", "getOpenApi"),
        "/conformance": _plain("Conformance classes", "getConformance"),
        "/collections": _plain("Collections", "getCollections"),
    }
    schemas = {"exception": EXCEPTION_SCHEMA}
    for collection in collections:
        name = _schema_name(collection)
        schemas[f"{name}Feature"] = feature_openapi(collection)
        schemas[f"{name}FeatureCollection"] = feature_collection_openapi(
            f"#/components/schemas/{name}Feature"
        )
        paths[f"/collections/{collection.name}"] = _plain(
            f"The collection {collection.name}",
            f"describe{collection.name.title().replace('-', '')}Collection",
        )
        paths[f"/collections/{collection.name}/queryables"] = _plain(
            f"The queryables of {collection.name} (JSON Schema)",
            f"get{name}Queryables",
            SCHEMA_JSON,
        )
        paths[f"/collections/{collection.name}/schema"] = _plain(
            f"The schema of the features of {collection.name} (JSON Schema)", f"get{name}Schema", SCHEMA_JSON
        )
        paths[f"/collections/{collection.name}/items"] = _items(collection)
        paths[f"/collections/{collection.name}/items/{{featureId}}"] = _item(collection)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Drug and social-evils monitoring: OGC API – Features",
            "version": "1.0.0",
            "description": "Collections limited to the account's areas. Log in with HTTP Basic, "
            "a token (Authorization: Token …) or a session.",
        },
        "servers": [{"url": base}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic"},
                "token": {"type": "apiKey", "in": "header", "name": "Authorization"},
            },
        },
        "security": [{"basic": []}, {"token": []}],
        "paths": paths,
    }
