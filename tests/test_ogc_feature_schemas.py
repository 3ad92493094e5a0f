"""Part 3/5 schemas and the OpenAPI item schemas come from the layer registry: each
collection's ``/schema`` lists every property the items carry (type, label, may be
empty) and its geometry; the OpenAPI document is valid and describes items and one item
by those properties (never a bare ``{"type": "object"}``), and live responses of every
collection validate against both."""

import copy

import jsonschema
import pytest
from drf_spectacular.validation import validate_schema

from monitoring.layers import LAYERS
from monitoring.ogc.collections import COLLECTIONS
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world
NAMES = list(COLLECTIONS)


def as_json_schema(schema):
    """OpenAPI 3.0's ``nullable`` in JSON Schema words."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if node.pop("nullable", False):
                node["type"] = [node["type"], "null"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


@pytest.mark.parametrize("name", NAMES)
def test_the_schema_lists_every_property_of_the_items_and_the_geometry(client, world, name):
    client.force_login(world["admin"])
    layer = LAYERS[name]
    collection = client.get(f"/ogc/collections/{name}").json()
    (link,) = [link for link in collection["links"] if link["rel"].endswith("/schema")]
    response = client.get(link["href"])
    assert response["Content-Type"] == "application/schema+json"
    schema = response.json()
    assert list(schema["properties"]) == [*layer.property_names("ogc"), "geometry"]
    assert schema["properties"]["geometry"]["x-ogc-role"] == "primary-geometry"
    assert schema["properties"][layer.id_property]["x-ogc-role"] == "id"
    for field in layer.fields("ogc"):
        spec = schema["properties"][field.name]
        assert spec["title"] == str(field.label)
        assert {"date": "string"}.get(field.type, field.type) in (
            [spec["type"]] if isinstance(spec["type"], str) else spec["type"]
        )
    items = client.get(f"/ogc/collections/{name}/items", {"limit": 10000}).json()
    assert items["features"]
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for feature in items["features"]:
        validator.validate(feature["properties"])


def test_the_openapi_document_is_valid_and_describes_items_by_their_properties(client, world):
    client.force_login(world["admin"])
    document = client.get("/ogc/api").json()
    validate_schema(document)
    for name in NAMES:
        items = document["paths"][f"/collections/{name}/items"]["get"]["responses"]["200"]["content"]
        item = document["paths"][f"/collections/{name}/items/{{featureId}}"]["get"]["responses"]["200"][
            "content"
        ]
        for content in (items, item):
            assert content["application/geo+json"]["schema"] != {"type": "object"}
        assert f"/collections/{name}/schema" in document["paths"]
    feature = document["components"]["schemas"]["EstablishmentsFeature"]
    assert list(feature["properties"]["properties"]["properties"]) == LAYERS["establishments"].property_names(
        "ogc"
    )


@pytest.mark.parametrize("name", NAMES)
def test_live_items_and_an_item_validate_against_the_openapi_schemas(client, world, name):
    client.force_login(world["admin"])
    schemas = client.get("/ogc/api").json()["components"]["schemas"]
    key = name.title().replace("-", "")
    feature_schema = as_json_schema(schemas[f"{key}Feature"])
    page_schema = as_json_schema(schemas[f"{key}FeatureCollection"])
    page_schema["properties"]["features"]["items"] = feature_schema
    page = client.get(f"/ogc/collections/{name}/items", {"limit": 5}).json()
    jsonschema.Draft202012Validator(page_schema).validate(page)
    one = page["features"][0]["id"]
    item = client.get(f"/ogc/collections/{name}/items/{one}").json()
    jsonschema.Draft202012Validator(feature_schema).validate(item)
