"""The benchmark's own database on the project-local cluster (never the app's)."""

import os
import sys
import urllib.parse

from bench.national.constants import ROOT

__all__ = ["database_url", "django_setup", "ensure_database"]

_set_up = False


def database_url() -> str:
    """``BENCH_DATABASE_URL``, else ``bench_national`` on the project-local cluster."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    socket = urllib.parse.quote(str(ROOT / "var" / "pg" / "run"), safe="")
    return f"postgis://monitor@{socket}/bench_national"


def ensure_database(url: str) -> None:
    """Create the bench database when missing (connecting to ``postgres`` on the same
    server). Refuses any database whose name does not say it is a bench database."""
    import dj_database_url
    import psycopg2

    conf = dj_database_url.parse(url)
    name = conf["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to use database {name!r}: the bench database's name must contain 'bench'")
    connection = psycopg2.connect(**connect_kwargs(conf, dbname="postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"creating database {name}", flush=True)
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def connect_kwargs(conf: dict, *, dbname: str | None = None) -> dict:
    """psycopg2 keyword arguments for a Django/dj-database-url settings dict."""
    kwargs = {
        "dbname": dbname or conf["NAME"],
        "host": conf.get("HOST") or None,
        "port": conf.get("PORT") or None,
        "user": conf.get("USER") or None,
        "password": conf.get("PASSWORD") or None,
    }
    return {k: v for k, v in kwargs.items() if v}


def django_setup() -> None:
    """Point Django at the bench database (created when missing) and set it up. Every
    national measurement calls this before importing project code; once per process
    (a second call, from another bench module imported in the same process, does
    nothing)."""
    global _set_up
    if _set_up:
        return
    _set_up = True
    url = database_url()
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    # DEBUG=true above only makes the settings accept the local set-up (no SECRET_KEY, no
    # HTTPS redirect); measured code runs without DEBUG's per-query logging, as in
    # production. Measurements capture SQL explicitly (CaptureQueriesContext).
    settings.DEBUG = False
    from django.test.utils import setup_test_environment

    # The test client's environment (testserver host, in-memory mail), once per process.
    setup_test_environment()
