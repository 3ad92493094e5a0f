"""For a large write of case counts, the part ≤ whole rule checked once over the whole
write instead of once per row.

The database enforces the rule with a row-level constraint trigger
(``casecount_part_not_above_whole``, monitoring migration 0002). For a national month
(10,600 communes × 12 indicators) its 127,200 calls are most of the import's time. Inside
:func:`part_rule_checked_once` a large write runs with that trigger disabled, then one
set-based query checks every (commune, month) the write touched and the trigger is
enabled again, all in the import's transaction:

- ``ALTER TABLE … DISABLE TRIGGER`` takes the SHARE ROW EXCLUSIVE lock the import
  already holds, so no other session writes meanwhile, and the catalog change is never
  committed (the trigger is enabled again before commit, or the transaction rolls back),
  so no other session ever sees the table without its trigger;
- the check runs before commit; a breach raises ``IntegrityError`` and rolls everything
  back, exactly as the trigger would have;
- a role that does not own the table cannot disable the trigger: the write then simply
  runs with it (a savepoint keeps the transaction usable).

Small writes (data-entry grids, files under ``BULK_FIGURES``) always run with the trigger.
"""

from contextlib import contextmanager

from django.db import DatabaseError, IntegrityError, transaction

__all__ = ["BULK_FIGURES", "part_rule_checked_once"]

BULK_FIGURES = 5000
TRIGGER = "casecount_part_not_above_whole"

BREACH_SQL = """
SELECT part_i.code, p.value, whole_i.code, w.value, u.code, to_char(p.period, 'YYYY-MM')
  FROM (SELECT DISTINCT unit_id, period FROM {touched}) t
  JOIN monitoring_casecount p ON p.unit_id = t.unit_id AND p.period = t.period
  JOIN monitoring_indicator part_i ON part_i.id = p.indicator_id AND part_i.part_of_id IS NOT NULL
  JOIN monitoring_casecount w
    ON w.unit_id = p.unit_id AND w.period = p.period AND w.indicator_id = part_i.part_of_id
  JOIN monitoring_indicator whole_i ON whole_i.id = w.indicator_id
  JOIN geo_adminunit u ON u.id = p.unit_id
 WHERE p.value > w.value
 LIMIT 1
"""


def _enable(cursor) -> None:
    """Enable the trigger again. ALTER TABLE refuses while the write's deferred foreign-key
    checks are pending, so those run now (they would at commit) and return to deferred."""
    cursor.execute(
        "SELECT string_agg(quote_ident(conname), ', ') FROM pg_constraint"
        " WHERE conrelid = 'monitoring_casecount'::regclass AND contype = 'f' AND condeferred"
    )
    keys = cursor.fetchone()[0]
    if keys:
        cursor.execute(f"SET CONSTRAINTS {keys} IMMEDIATE")
    cursor.execute(f"ALTER TABLE monitoring_casecount ENABLE TRIGGER {TRIGGER}")
    if keys:
        cursor.execute(f"SET CONSTRAINTS {keys} DEFERRED")


@contextmanager
def part_rule_checked_once(cursor, *, figures: int, touched: str):
    """Run the block's write with the row trigger off when ``figures`` is large, then
    check the rule over the (unit_id, period) pairs of the table ``touched``."""
    off = False
    if figures >= BULK_FIGURES:
        try:
            with transaction.atomic():
                cursor.execute(f"ALTER TABLE monitoring_casecount DISABLE TRIGGER {TRIGGER}")
            off = True
        except DatabaseError:
            off = False
    yield off
    if off:
        cursor.execute(BREACH_SQL.format(touched=touched))  # a fixed temp table name
        breach = cursor.fetchone()
        _enable(cursor)
        if breach:
            part, part_value, whole, whole_value, unit, month = breach
            raise IntegrityError(
                f"{TRIGGER}: part {part} = {part_value} exceeds its whole {whole} = {whole_value}"
                f" (unit {unit}, month {month})"
            )
