"""Keep every place's derived commune in step with the boundaries."""

from django.db import connection, transaction
from psycopg2 import sql

__all__ = ["PLACE_TABLES", "places_reassign_communes"]

PLACE_TABLES = (
    "monitoring_establishment",
    "monitoring_counsellingpoint",
    "monitoring_treatmentfacility",
)


@transaction.atomic
def places_reassign_communes() -> int:
    """Re-derive ``commune`` for every place after boundaries changed.

    Writing ``location`` onto itself fires the trigger that derives the commune.
    Returns the number of places whose commune changed.
    """
    changed = 0
    with connection.cursor() as cursor:
        for table in PLACE_TABLES:
            cursor.execute(
                sql.SQL(
                    "UPDATE {} SET location = location"
                    " WHERE commune_id IS DISTINCT FROM geo_commune_at(location)"
                ).format(sql.Identifier(table))
            )
            changed += cursor.rowcount
    return changed
