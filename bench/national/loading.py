"""Small helpers the data set's loaders share: COPY rows, EWKB, progress lines, and
dropping a table's secondary indexes and constraints around a bulk load (PostgreSQL's
"Populating a Database" advice) and putting them back."""

import io
import time

import shapely

__all__ = ["copy_rows", "ewkb", "step", "without_indexes"]


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(r"\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def ewkb(geom) -> str:
    return shapely.to_wkb(shapely.set_srid(geom, 4326), hex=True, include_srid=True)


def step(label: str, started: float) -> float:
    """Print a progress line with the seconds since ``started``; return now."""
    now = time.perf_counter()
    print(f"  {label:60} {now - started:7.1f} s", flush=True)
    return now


class without_indexes:
    """Drop ``tables``' secondary indexes, unique and foreign-key constraints on entry,
    recreate them (foreign keys validated in one pass) on exit, printing each."""

    def __init__(self, cursor, *tables: str):
        self.cursor, self.tables = cursor, list(tables)

    def __enter__(self):
        c = self.cursor
        c.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f') ORDER BY contype DESC",
            [self.tables],
        )
        self.constraints = c.fetchall()
        for table, name, _ in self.constraints:
            c.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        c.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
            [self.tables],
        )
        self.indexes = c.fetchall()
        for name, _ in self.indexes:
            c.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, kind, value, traceback):
        if kind is not None:
            return False
        t = time.perf_counter()
        for table, name, definition in self.constraints:
            self.cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            t = step(f"constraint {name}", t)
        for name, definition in self.indexes:
            self.cursor.execute(definition)
            t = step(f"index {name}", t)
        return False
