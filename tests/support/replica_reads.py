"""The app's side of tests/test_read_replica.py, in a process of its own configured as
production is (``DATABASE_URL`` the primary, ``DATABASE_REPLICA_URL`` the standby, so
``config/settings.py`` adds the alias, the router and the middleware), outside any test
transaction. Prints one JSON line per phase; waits for a line on stdin between them
(the test stops the standby meanwhile).

``python -m tests.support.replica_reads CODE``"""

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections, router  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from config.replica_state import COOKIE, ReadYourWritesMiddleware, replica_available  # noqa: E402
from config.standby import Standby, standby_lag  # noqa: E402
from monitoring.models import Indicator  # noqa: E402


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def report(**figures) -> None:
    print(json.dumps(figures, default=str), flush=True)


def replayed(code: str) -> dict:
    """Write on the primary, then wait until the standby has replayed it."""
    primary, replica = settings.DATABASES["default"], settings.DATABASES["replica"]
    standby = Standby(
        primary_socket=primary["HOST"],
        user=primary["USER"],
        directory=Path(replica["HOST"]).parent,  # the standby's socket is <directory>/run
        port=int(replica["PORT"] or 5432),
    )
    # Written explicitly on the primary: save(using=…) does not go through the router.
    Indicator(code=code, name_vi="Chỉ tiêu bản sao", name_en="Replica probe").save(using="default")
    deadline = time.monotonic() + 30
    while True:
        lag = standby_lag(standby, primary["NAME"])
        if lag["bytes_behind"] <= 0 or time.monotonic() > deadline:
            return lag
        time.sleep(0.05)


def requests() -> list[str]:
    """Where a request's reads go: one that writes, the next one with its cookie, one
    without."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(Indicator))
        if request.GET.get("write"):
            router.db_for_write(Indicator)
            seen.append(router.db_for_read(Indicator))
        return HttpResponse("ok")

    middleware = ReadYourWritesMiddleware(view)
    response = middleware(RequestFactory().get("/?write=1"))
    with_cookie = RequestFactory()
    with_cookie.cookies[COOKIE] = "1"
    middleware(with_cookie.get("/"))
    middleware(RequestFactory().get("/"))
    middleware(RequestFactory().post("/"))
    return seen, response.cookies[COOKIE]["max-age"]


def main(code: str) -> None:
    lag = replayed(code)
    rows = Indicator.objects.filter(code=code)
    names = [i.name_en for i in rows]
    seen, max_age = requests()
    report(
        phase="standby up",
        lag=lag,
        middleware="config.replica_state.ReadYourWritesMiddleware" in settings.MIDDLEWARE,
        queryset_db=rows.db,
        names=names,
        replica_in_recovery=in_recovery("replica"),
        requests=seen,
        cookie_max_age=max_age,
    )
    sys.stdin.readline()  # the test has stopped the standby
    # The next request: Django's health check at request start (request_started) finds
    # the replica connection broken and closes it; the read that follows must not fail.
    connections["replica"].close_if_unusable_or_obsolete()
    rows = Indicator.objects.filter(code=code)
    routed = rows.db  # asked before the read: the router's answer is still "up"
    names = [i.name_en for i in rows]
    report(
        phase="standby stopped",
        queryset_db=routed,
        names=names,
        replica_alias_in_recovery=in_recovery("replica"),
        replica_available=replica_available(),
        router_then=router.db_for_read(Indicator),
        names_then=[i.name_en for i in Indicator.objects.filter(code=code)],
    )
    Indicator.objects.using("default").filter(code=code).delete()


if __name__ == "__main__":
    main(sys.argv[1])
