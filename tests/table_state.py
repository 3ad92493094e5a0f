"""Row counts and checksums of every ``geo_`` and ``monitoring_`` table, to assert that
a refused import left the database exactly as it was."""

from django.db import connection

__all__ = ["table_state"]


def table_state() -> dict[str, tuple[int, str]]:
    """``{table: (row count, md5 of all rows in a fixed order)}``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND (tablename LIKE 'geo\\_%%' OR tablename LIKE 'monitoring\\_%%') ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        state = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t"
            )
            state[table] = cursor.fetchone()
    return state
