"""The OpenAPI 3.0 document of the OGC API (``/ogc/api``): one items path per
collection with its property filters, so clients (GDAL, QGIS) know what they may ask."""

from monitoring.ogc.crs import CRS84, supported_uris
from monitoring.ogc.params import DEFAULT_LIMIT, MAX_LIMIT

__all__ = ["openapi_document"]

JSON = {"application/json": {"schema": {"type": "object"}}}
GEOJSON = {"application/geo+json": {"schema": {"type": "object"}}}
ERRORS = {
    "400": {"description": "A parameter is wrong; the description says which and why.", "content": JSON},
    "401": {"description": "Log in (HTTP Basic, token or session)."},
    "403": {"description": "Your account may not read this collection."},
    "404": {"description": "No such collection or feature."},
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
            "responses": _ok("A page of features (GeoJSON FeatureCollection).", GEOJSON),
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
            "responses": _ok("A GeoJSON Feature.", GEOJSON),
        }
    }


def _plain(summary: str, operation: str) -> dict:
    return {"get": {"summary": summary, "operationId": operation, "responses": _ok(summary, JSON)}}


def openapi_document(*, base: str, collections) -> dict:
    paths = {
        "/": _plain("Landing page", "getLandingPage"),
        "/api": _plain("This document", "getOpenApi"),
        "/conformance": _plain("Conformance classes", "getConformance"),
        "/collections": _plain("Collections", "getCollections"),
    }
    for collection in collections:
        paths[f"/collections/{collection.name}"] = _plain(
            f"The collection {collection.name}",
            f"describe{collection.name.title().replace('-', '')}Collection",
        )
        paths[f"/collections/{collection.name}/queryables"] = _plain(
            f"The queryables of {collection.name} (JSON Schema)",
            f"get{collection.name.title().replace('-', '')}Queryables",
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
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic"},
                "token": {"type": "apiKey", "in": "header", "name": "Authorization"},
            }
        },
        "security": [{"basic": []}, {"token": []}],
        "paths": paths,
    }
