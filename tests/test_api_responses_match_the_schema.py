"""Every GET operation of the REST API answers what its OpenAPI document says: each list
and each detail is called live (through the WSGI application, on a small world with
rows in every resource, for an administrator and for an inspector whose small counts
read “<5”) and its body validated against the operation's response schema by
schemathesis' ``response_schema_conformance`` (OpenAPI 3.0: ``nullable``, ``allOf``)."""

import datetime
import json
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from monitoring.models import CaseCount, Classification, Indicator, Inspection, SensitiveSite
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world
PARAMETER = re.compile(r"\{(\w+)\}")
# The inspector of district A sees no province: his province list is empty by design.
EMPTY = {"admin": set(), "inspector": {"/api/provinces/"}}


@pytest.fixture
def schema():
    document = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    document.app = get_wsgi_application()
    # As Django's test client does: a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield document
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def rows(world):
    """At least one row in every resource, inside the inspector's district."""
    commune = world["commune_a"]
    whole = Indicator.objects.get(code="illegal_users")
    CaseCount.objects.create(unit=commune, period=datetime.date(2025, 5, 1), indicator=whole, value=3)
    CaseCount.objects.create(
        unit=commune,
        period=datetime.date(2025, 5, 1),
        indicator=Indicator.objects.get(code="hotspots"),
        value=12,
    )
    Classification.objects.create(unit=commune, year=2025, scheme="qd28_2025", drug_class="drug_free")
    Inspection.objects.create(
        establishment=world["inside"][0], date="2025-03-01", team="Đội 178", result="compliant"
    )
    SensitiveSite.objects.create(kind="school", name="Trường A", location="POINT(105.012 7.012)")
    return world


def media_types(operation) -> list[str]:
    """The media types the operation's 200 response is documented in."""
    return list(operation.definition.raw["responses"]["200"].get("content", {}))


def get_operations(schema):
    """The GET operations that answer JSON (a file, such as the report, is checked apart)."""
    operations = [op.ok() for op in schema.get_all_operations()]
    gets = [
        op
        for op in operations
        if op.method.upper() == "GET" and all("json" in media for media in media_types(op))
    ]
    lists = [op for op in gets if not PARAMETER.search(op.path)]
    details = [op for op in gets if PARAMETER.search(op.path)]
    return lists, details


def first_key(body: dict, name: str):
    """The identifier ``name`` of the list's first row (a Feature's ``id`` is its key)."""
    if "features" in body:
        return body["features"][0]["id"]
    return body["results"][0][name]


@pytest.mark.parametrize("who", ["admin", "inspector"])
def test_every_get_operation_answers_its_documented_schema(schema, rows, who):
    token = Token.objects.create(user=rows[who]).key
    # schemathesis' WSGI transport asks for gzip but does not unpack it: ask for plain bodies.
    headers = {"Authorization": f"Token {token}", "Accept-Encoding": "identity"}
    lists, details = get_operations(schema)
    assert len(lists) >= 12 and len(details) >= 11
    bodies, checked = {}, []
    for operation in lists:
        response = operation.Case().call(headers=headers)
        assert response.status_code == 200, (operation.path, response.text[:300])
        operation.Case().validate_response(response, checks=[response_schema_conformance])
        body = response.json()
        rows_ = body.get("features") or body.get("results")
        assert bool(rows_) != (operation.path in EMPTY[who]), f"{operation.path}: {len(rows_ or [])} rows"
        bodies[operation.path] = body
        checked.append(operation.path)
    for operation in details:
        name = PARAMETER.search(operation.path).group(1)
        parent = operation.path.split("{")[0]
        if parent in EMPTY[who]:
            continue
        case = operation.Case(path_parameters={name: first_key(bodies[parent], name)})
        response = case.call(headers=headers)
        assert response.status_code == 200, (operation.path, response.text[:300])
        case.validate_response(response, checks=[response_schema_conformance])
        checked.append(operation.path)
    assert "/api/establishments/{id}/inspections/" in checked and "/api/case-counts/" in checked


@pytest.mark.parametrize("who", ["admin", "inspector"])
def test_the_report_answers_each_documented_format_in_its_media_type(schema, rows, who):
    token = Token.objects.create(user=rows[who]).key
    headers = {"Authorization": f"Token {token}", "Accept-Encoding": "identity"}
    operation = schema["/api/reports/province/"]["GET"]
    documented = media_types(operation)
    (fmt,) = [p for p in operation.definition.raw["parameters"] if p["name"] == "format"]
    assert sorted(fmt["schema"]["enum"]) == ["docx", "html", "pdf"]
    area = rows["a"].code
    for name in fmt["schema"]["enum"]:
        response = operation.Case(query={"format": name, "period": "2025-05", "area": area}).call(
            headers=headers
        )
        assert response.status_code == 200, (name, response.text[:300])
        headers_ = {k.lower(): v for k, v in response.headers.items()}
        media = headers_["content-type"][0].split(";")[0]
        assert media in documented, (name, media, documented)
    error = operation.Case(query={"format": "odt"}).call(headers=headers)
    assert error.status_code == 404 and error.json()["parameter"] == "format"


def test_the_check_fails_on_a_response_that_breaks_the_schema(schema, rows):
    """The validator is not vacuous: a FeatureCollection page without ``count`` fails."""
    token = Token.objects.create(user=rows["admin"]).key
    operation = schema["/api/establishments/"]["GET"]
    response = schemathesis.Response.from_any(
        operation.Case().call(headers={"Authorization": f"Token {token}", "Accept-Encoding": "identity"})
    )
    broken = response.json()
    del broken["count"]
    response.content = json.dumps(broken).encode()
    response.clear_cache()
    with pytest.raises(FailureGroup) as failures:
        operation.Case().validate_response(response, checks=[response_schema_conformance])
    assert '"count" is a required property' in str(failures.value)
