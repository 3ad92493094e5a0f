"""The national data set is written with COPY and INSERT column lists of its own. A model
field added later with NOT NULL and no database default breaks the build (it did: the
field-visit columns of inspections). Every such column must be in the builder's list."""

import pytest
from django.db import connection

from bench.national.load_places import INSPECTION_COLUMNS
from bench.national.load_units import COLUMNS as UNIT_COLUMNS

pytestmark = pytest.mark.django_db


def _required_columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL"
            " AND is_identity = 'NO'",
            [table],
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.parametrize(
    ("table", "columns"),
    [("monitoring_inspection", INSPECTION_COLUMNS), ("geo_adminunit", UNIT_COLUMNS)],
)
def test_the_builder_writes_every_required_column(table, columns):
    required = _required_columns(table)
    assert required, table
    missing = required - {"id"} - set(columns)
    assert not missing, f"{table}: the national data set does not write {sorted(missing)}"
