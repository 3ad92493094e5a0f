"""Row counts and checksums of every table of the ``geo`` and ``monitoring`` apps, to prove
that a refused import left the database exactly as it was.

>>> before = table_checksums()
>>> ...  # a failing import
>>> assert table_checksums() == before

Each table's checksum is the md5 of its rows as text, ordered by primary key.
"""

from django.apps import apps
from django.db import connection

__all__ = ["APPS", "table_checksums"]

APPS = ("geo", "monitoring")


def _tables(app_labels) -> list[tuple[str, str]]:
    tables = {}
    for label in app_labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables[model._meta.db_table] = model._meta.pk.column
    return sorted(tables.items())


def table_checksums(app_labels=APPS) -> dict[str, tuple[int, str]]:
    """``{table: (row count, md5 of its rows ordered by primary key)}``."""
    out = {}
    with connection.cursor() as cursor:
        for table, pk in _tables(app_labels):
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.\"{pk}\"), ''))"
                f' FROM "{table}" t'
            )
            out[table] = cursor.fetchone()
    return out
