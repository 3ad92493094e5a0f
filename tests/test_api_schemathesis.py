"""Property-based runs of the REST API (``/api/``) and the OGC API (``/ogc/``) against
their own OpenAPI documents (schemathesis): every operation, generated valid and invalid
inputs (generation modes positive and negative), then stateful runs that follow the
links schemathesis finds between operations; the one check is zero server errors.

Runs in-process through the WSGI application on the test database with the demo
province, as an administrator with a token. Bounded: a fixed number of examples per
operation and no deadline (the machine is shared; this is not a timing test); the whole
file runs in about two minutes on two cores. The REST schema is drf-spectacular's,
generated without a request (the same document /api/schema/ serves); the OGC one is the
document /ogc/api serves.
"""

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from monitoring.ogc.collections import COLLECTIONS
from monitoring.ogc.openapi import openapi_document

EXAMPLES_PER_OPERATION = 3
STATEFUL_EXAMPLES = 3
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
HYPOTHESIS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


def _schema(document: dict, base_url: str):
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    schema.config.update(base_url=base_url)
    schema.config.generation.update(modes=MODES, max_examples=EXAMPLES_PER_OPERATION)
    return schema


api_schema = _schema(SchemaGenerator().get_schema(request=None, public=True), "http://testserver")
ogc_schema = _schema(
    openapi_document(base="http://testserver/ogc", collections=COLLECTIONS.values()), "http://testserver/ogc"
)


def _headers(token: str) -> dict:
    # The WSGI transport asks for gzip but does not unpack it: ask for plain bodies.
    return {"Authorization": f"Token {token}", "Accept-Encoding": "identity"}


@pytest.fixture
def api_token(db, demo_province) -> str:
    user, _ = User.objects.get_or_create(username="schemathesis", defaults={"is_superuser": True})
    token, _ = Token.objects.get_or_create(user=user)
    # As Django's test client does: a request must not close the connection that holds
    # the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield token.key
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _no_server_error(case, response) -> None:
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:500])


@api_schema.parametrize()
@HYPOTHESIS
def test_no_server_error_on_any_api_operation(case, api_token):
    _no_server_error(case, case.call(headers=_headers(api_token)))


@ogc_schema.parametrize()
@HYPOTHESIS
def test_no_server_error_on_any_ogc_operation(case, api_token):
    _no_server_error(case, case.call(headers=_headers(api_token)))


@pytest.mark.parametrize("schema", [api_schema, ogc_schema], ids=["api", "ogc"])
def test_no_server_error_on_linked_calls(schema, api_token):
    class Machine(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": _headers(api_token)}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            _no_server_error(case, response)

    Machine.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=5,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
    )
