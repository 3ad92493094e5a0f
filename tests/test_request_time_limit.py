"""The request's statement time limit (``core.timeouts``) is set once per database
session, not once per request, and holds for every request of it. Outside the
``django_db`` mark on purpose: a request in production runs in autocommit, and a test's
transaction would undo the setting at its end."""

from django.test import Client


def test_the_request_time_limit_is_set_once_per_database_session_and_holds(
    django_db_setup, django_db_blocker
):
    """Outside a transaction (as in production; the page read writes nothing) the limit
    is set on the first request of a database session and kept by the next ones: the
    second request runs no ``set_config``, and the session still has the limit. A new
    database session forgets it (``connection_created``)."""
    from django.db import connection
    from django.db.backends.signals import connection_created
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block
        connection.ensure_connection()
        connection_created.send(sender=connection.__class__, connection=connection)
        with CaptureQueriesContext(connection) as first:
            assert client.get("/accounts/login/").status_code == 200
        with CaptureQueriesContext(connection) as second:
            assert client.get("/accounts/login/").status_code == 200
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            (limit,) = cursor.fetchone()
            cursor.execute("RESET statement_timeout")
        connection.request_statement_timeout = None
    sets = [[q for q in c.captured_queries if "statement_timeout" in q["sql"]] for c in (first, second)]
    assert (len(sets[0]), len(sets[1])) == (1, 0)
    assert limit == "30s"
