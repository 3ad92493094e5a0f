"""Property-based run of the REST API against its own OpenAPI schema (schemathesis):
every operation, generated valid and invalid inputs, zero server errors.

Runs in-process through the WSGI application on the test database with the demo
province, as an administrator with a token. Bounded: a fixed number of examples per
operation and no deadline (the machine is shared; this is not a timing test). The schema
is drf-spectacular's, generated without a request (the same document /api/schema/ serves).
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
from schemathesis.checks import not_a_server_error

EXAMPLES_PER_OPERATION = 8

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


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


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_on_any_operation(case, api_token):
    # The WSGI transport asks for gzip but does not unpack it: ask for plain bodies.
    response = case.call(headers={"Authorization": f"Token {api_token}", "Accept-Encoding": "identity"})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
