"""A user's error reaches each channel family in that family's one shape, with its status,
through real requests: pages show the message in the error page (JSON endpoints of the map
answer the REST body), the REST API answers ``{"detail", "code", "parameter", "value",
"problems"}``, the OGC API (and tiles) ``{"code", "description"}``. A programming error
stays a 500 and is logged."""

import logging

import pytest
from django.test import Client, override_settings
from django.urls import include, path
from rest_framework.views import APIView

from core.errors import BadInput
from monitoring.ogc.views import OgcView
from tests import api_world

pytestmark = pytest.mark.django_db
world = api_world.world

RADIUS = "radius = “-5”: must be more than 0 and at most 100,000 m."


@pytest.fixture
def admin_client(client, world):
    client.force_login(world["admin"])
    client.cookies["django_language"] = "en"
    return client


def test_a_page_shows_the_message_with_status_400_and_no_traceback(admin_client):
    response = admin_client.get("/maps/establishments/visits/?point=105,7&radius=-5")
    page = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f"<p>{RADIUS}</p>" in page
    assert "<title>Bad request · " in page
    assert "Traceback" not in page and "FilterError" not in page


def test_a_page_export_with_unreadable_points_shows_the_message(admin_client):
    response = admin_client.get("/maps/planning/outreach.csv?planned=nonsense")
    assert response.status_code == 400
    assert "<p>planned is not valid JSON.</p>" in response.content.decode()


def test_a_map_json_endpoint_answers_the_rest_body(admin_client):
    response = admin_client.get("/maps/establishments/items.json?point=105,7&radius=-5")
    assert response.status_code == 400
    assert response.json() == {
        "detail": RADIUS,
        "code": "invalid",
        "parameter": "radius",
        "value": "-5",
        "problems": [],
    }


def test_the_rest_api_answers_detail_code_parameter_and_value(admin_client):
    response = admin_client.get("/api/establishments/?point=105,7&radius=-5")
    assert response.status_code == 400
    assert response.json() == {
        "detail": RADIUS,
        "code": "invalid",
        "parameter": "radius",
        "value": "-5",
        "problems": [],
    }


def test_the_ogc_api_answers_code_and_description(admin_client):
    response = admin_client.get("/ogc/collections/establishments/items?limit=ten")
    assert response.status_code == 400
    assert response.json() == {
        "code": "InvalidParameterValue",
        "description": "limit = “ten”: not a whole number.",
    }


def test_an_unknown_ogc_collection_is_a_404_in_the_ogc_shape(admin_client):
    response = admin_client.get("/ogc/collections/roads/items")
    assert response.status_code == 404
    assert response.json() == {"code": "NotFound", "description": "No collection is called “roads”."}


def test_a_file_error_carries_every_problem_to_the_rest_body():
    from core.problems import Problem
    from monitoring.imports.problems import ImportFileError

    error = ImportFileError(
        filename="counts.csv",
        problems=[
            Problem("counts.csv", 3, "illegal_users", "-1", "a count cannot be negative", "write 0 or more")
        ],
    )
    body = error.as_dict()
    assert (error.http_status, body["code"]) == (400, "invalid_file")
    assert body["problems"] == [
        {
            "file": "counts.csv",
            "row": 3,
            "field": "illegal_users",
            "value": "-1",
            "reason": "a count cannot be negative",
            "fix": "write 0 or more",
            "message": str(error.problems[0]),
        }
    ]


# A programming error in each family: not an AppError, so a 500, logged.


def _page(request):
    raise ZeroDivisionError("a bug")


def _bad_input_page(request):
    raise BadInput("a user's mistake", parameter="x", value="1")


class _Rest(APIView):
    permission_classes = []

    def get(self, request):
        raise ZeroDivisionError("a bug")


class _Ogc(OgcView):
    permission_classes = []

    def get(self, request):
        raise ZeroDivisionError("a bug")


urlpatterns = [
    path("page/", _page),
    path("bad-input/", _bad_input_page),
    path("rest/", _Rest.as_view()),
    path("ogc/", _Ogc.as_view()),
    path("", include("config.urls")),  # the error pages link to the home page
]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/page/", "/rest/", "/ogc/"])
def test_a_programming_error_stays_a_500_and_is_logged(url, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(url)
    assert response.status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert record.exc_info[0] is ZeroDivisionError


@override_settings(ROOT_URLCONF=__name__)
def test_an_app_error_from_any_page_view_is_its_status_not_a_500():
    response = Client(raise_request_exception=False).get("/bad-input/", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "a user's mistake"


# A statement PostgreSQL cancels past ``statement_timeout`` (set per request by the
# middleware) is the moment's error, not a bug: 503 in each family's shape, logged as a
# warning of the request, never a 500 or a traceback.


def _slow(request):
    from django.db import connection, transaction

    # Its own savepoint, so the test's transaction stays usable after the cancel (a
    # request in production runs in autocommit: nothing is left aborted either).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return None


class _SlowRest(_Rest):
    def get(self, request):
        return _slow(request)


class _SlowOgc(_Ogc):
    def get(self, request):
        return _slow(request)


slow_urlpatterns = [
    path("slow-page/", _slow),
    path("slow-rest/", _SlowRest.as_view()),
    path("slow-ogc/", _SlowOgc.as_view()),
    path("", include("config.urls")),
]


class slow_urls:
    urlpatterns = slow_urlpatterns


@override_settings(ROOT_URLCONF=slow_urls, STATEMENT_TIMEOUT_MS=100)
@pytest.mark.parametrize(
    ("url", "accept", "body"),
    [
        ("/slow-page/", "text/html", None),
        ("/slow-page/", "application/json", "detail"),
        ("/slow-rest/", "application/json", "detail"),
        ("/slow-ogc/", "application/json", "description"),
    ],
)
def test_a_statement_cancelled_by_the_time_limit_is_a_503_in_each_family(url, accept, body):
    from django.db import connection

    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    try:
        response = client.get(url, HTTP_ACCEPT=accept)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert response.status_code == 503, response.content[:300]
    text = response.content.decode()
    assert "took longer than the time limit" in text
    assert "Traceback" not in text and "QueryCanceled" not in text
    if body is None:
        assert "<title>The server is busy · " in text
    else:
        data = response.json()
        assert "took longer than the time limit" in data[body]
        assert data.get("code") in ("timeout", "ServiceUnavailable")


def test_a_cancelled_statement_is_busy_and_other_database_errors_are_not(db):
    from django.db import DatabaseError, OperationalError, connection, transaction

    from core.errors import Busy, app_error_of

    caught = []
    for sql in ("SET LOCAL statement_timeout = 20; SELECT pg_sleep(1)", "SELECT 1/0"):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
        except DatabaseError as error:
            caught.append(error)
    cancelled, division = caught
    assert isinstance(cancelled, OperationalError)
    assert isinstance(app_error_of(cancelled), Busy)
    assert app_error_of(cancelled).http_status == 503
    assert app_error_of(division) is None  # a bug in SQL stays a programming error: 500
    assert app_error_of(ZeroDivisionError()) is None
