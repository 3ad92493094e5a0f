"""The REST API's OpenAPI schema is valid OpenAPI 3 (what schemathesis and client
generators read), its documentation pages load their assets from the app itself, and
the OGC API's own OpenAPI document lists every collection."""

import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world


def test_rest_schema_is_valid_openapi(client, world):
    client.force_login(world["admin"])
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    for layer in ("communes", "establishments", "counselling-points", "treatment-facilities", "case-counts"):
        assert f"/api/{layer}/" in schema["paths"]
    assert not any(path.startswith("/ogc/") or path.startswith("/tiles/") for path in schema["paths"])


def test_documentation_page_uses_only_local_assets(client, world):
    client.force_login(world["admin"])
    page = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_ogc_openapi_document_lists_every_collection(client, world):
    client.force_login(world["admin"])
    document = client.get("/ogc/api").json()
    assert document["openapi"].startswith("3.0")
    for name in (
        "communes",
        "districts",
        "establishments",
        "counselling-points",
        "treatment-facilities",
        "border",
    ):
        assert f"/collections/{name}/items" in document["paths"]
    validate_schema(document)


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/establishments/{id}/" in (tmp_path / "schema.yml").read_text()
