"""The one lock every write of case counts takes before it reads what is stored, so the
part ≤ whole rule (and every other rule over a commune's month) is checked against
figures no other session can change until the write commits.

A commune's month is the unit of every rule of :mod:`monitoring.quality.rules`, so it is
the lock key. A small write (the REST API, a data-entry grid) takes a transaction-level
advisory lock per (commune, month), in a fixed order so two writers never deadlock,
after ``ROW EXCLUSIVE`` on the table so it waits for a running import. A large write
(a file of more than ``ADVISORY_CELLS`` communes × months) locks the table in ``SHARE
ROW EXCLUSIVE`` mode instead: one lock rather than thousands of advisory ones (they fill
PostgreSQL's lock table), and it waits for every small writer. Either way the caller
reads the stored figures only after this returns, in a transaction (READ COMMITTED:
each statement sees what committed before it).
"""

import datetime
from collections.abc import Iterable

from django.db import connection

__all__ = ["ADVISORY_CELLS", "case_counts_lock"]

#: Above this many (commune, month) pairs one table lock replaces the advisory locks.
ADVISORY_CELLS = 500


def case_counts_lock(*, cells: Iterable[tuple[int, datetime.date]], whole_table: bool = False) -> None:
    """Lock the (commune id, month) pairs ``cells`` against every other writer of case
    counts until the current transaction ends. Must run inside ``transaction.atomic``.
    ``whole_table``: lock the table whatever the number of cells (a write that will
    disable the row trigger, :mod:`monitoring.imports.part_rule`)."""
    keys = sorted({f"casecount:{unit_id}:{period:%Y-%m}" for unit_id, period in cells})
    with connection.cursor() as cursor:
        if whole_table or len(keys) > ADVISORY_CELLS:
            cursor.execute("LOCK TABLE monitoring_casecount IN SHARE ROW EXCLUSIVE MODE")
            return
        cursor.execute("LOCK TABLE monitoring_casecount IN ROW EXCLUSIVE MODE")
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(k, 0))"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS x(k, n) ORDER BY n",
            [keys],
        )
