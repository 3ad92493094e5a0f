"""The benchmark's own database on the project-local cluster (never the app's)."""

import os
import sys
import urllib.parse

from bench.establishments.constants import ROOT


def database_url() -> str:
    """``BENCH_DATABASE_URL``, else ``bench_monitor`` on the project-local cluster."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    socket = urllib.parse.quote(str(ROOT / "var" / "pg" / "run"), safe="")
    return f"postgis://monitor@{socket}/bench_monitor"


def ensure_database(url: str) -> None:
    """Create the bench database when missing (connecting to ``postgres`` on the same
    server). Refuses any database whose name does not say it is a bench database."""
    import dj_database_url
    import psycopg2

    conf = dj_database_url.parse(url)
    name = conf["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to use database {name!r}: the bench database's name must contain 'bench'")
    kwargs = {
        "dbname": "postgres",
        "host": conf["HOST"] or None,
        "port": conf["PORT"] or None,
        "user": conf["USER"] or None,
        "password": conf["PASSWORD"] or None,
    }
    connection = psycopg2.connect(**{k: v for k, v in kwargs.items() if v})
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"creating database {name}", flush=True)
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
