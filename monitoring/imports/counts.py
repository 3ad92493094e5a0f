"""Write checked case counts all or nothing, from a file or from the data-entry grid.

Both channels end in :func:`case_counts_save`: it merges the new figures with what is
stored for the same commune and month, checks the validation rules
(:mod:`monitoring.quality.rules`: a part never exceeds its whole, and the administrator's
rules; a message names row, column, the rule and both sides' values), then writes from
a temporary table filled by ``COPY``: one ``UPDATE`` of the figures that differ, one
``INSERT`` of the new ones (a large write checks the part rule once for all, see
:mod:`monitoring.imports.part_rule`). A figure equal to the stored one is not rewritten,
so the same file twice changes nothing; a different one replaces it and is counted as
changed. Warning rules let the figures in and come back in ``CountsReport.warnings``.
A row's ``cleared`` indicators (the grid's emptied cells) are deleted in the same
transaction: the commune has then not reported them.

A month locked by an approval (:mod:`monitoring.quality.approval`) refuses every row that
would change one of its figures; a row that repeats the stored figures passes unchanged.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.problems import ProblemList
from core.timeouts import statement_timeout_local
from monitoring.alerts.evaluate import alerts_on_commit
from monitoring.audit import audit_record
from monitoring.imports.communes import CommuneDirectory
from monitoring.imports.counts_file import CountRow, counts_file_read
from monitoring.imports.part_rule import BULK_FIGURES, part_rule_checked_once
from monitoring.imports.problems import ChangedMeanwhile, ImportFileError, Problem
from monitoring.models import Indicator
from monitoring.quality.rule_set import rule_set_load
from monitoring.quality.rules import Breach, rules_broken
from monitoring.services.case_counts import month_closed_problem, month_lock_problems
from monitoring.services.count_locks import case_counts_lock

__all__ = ["CountsReport", "case_counts_import", "case_counts_save"]


@dataclass(frozen=True)
class CountsReport:
    """What an import did: figures created, changed (a corrected value), unchanged and
    cleared (deleted: not reported), and the warning rules the saved figures break
    (``Problem``s, shown after saving)."""

    rows: int
    created: int
    changed: int
    unchanged: int
    warnings: tuple[Problem, ...] = ()
    cleared: int = 0


def case_counts_import(
    *,
    path: Path,
    period: datetime.date | None = None,
    sheet: str | None = None,
    source: str = "",
    allowed: set[int] | None = None,
    progress: Callable[[str], None] | None = None,
) -> CountsReport:
    """Read ``path`` (.csv or .xlsx) and store its counts, all or nothing.

    ``allowed``: ids of the communes the importing user may write (None: all).
    Raises ``ImportFileError`` listing every problem; nothing is then written.
    """
    path = Path(path)
    say = progress or (lambda text: None)
    directory = CommuneDirectory.load(allowed=allowed)
    rows = counts_file_read(
        path=path,
        directory=directory,
        period=period,
        sheet=sheet,
        progress=lambda done, total: say(
            _("read %(done)s of %(total)s rows") % {"done": done, "total": total}
        ),
    )
    return case_counts_save(rows=rows, filename=path.name, source=source or path.name, progress=say)


def _audit(*, filename: str, rows: list[CountRow], stored, figures: int) -> None:
    """One audit event for the import: the cells it changed, before and after, keyed
    ``"<commune code> <YYYY-MM> <indicator id>"`` (nothing when it changed nothing)."""
    before, after = {}, {}
    for row in rows:
        old = stored.get((row.commune.id, row.period), {})
        for indicator_id, value in row.values.items():
            if old.get(indicator_id) != value:
                key = f"{row.commune.code} {row.period:%Y-%m} {indicator_id}"
                before[key], after[key] = old.get(indicator_id), value
        for indicator_id in row.cleared:
            if indicator_id in old:
                key = f"{row.commune.code} {row.period:%Y-%m} {indicator_id}"
                before[key], after[key] = old[indicator_id], None
    if after:
        audit_record(
            action="import",
            object_type="monitoring.casecount",
            object_key=filename,
            row_count=figures,
            before=before,
            after=after,
        )


def _stored(rows: list[CountRow]) -> dict[tuple[int, datetime.date], dict[int, int]]:
    stored: dict[tuple[int, datetime.date], dict[int, int]] = {}
    periods = sorted({row.period for row in rows})
    units = sorted({row.commune.id for row in rows})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unit_id, period, indicator_id, value FROM monitoring_casecount"
            " WHERE period = ANY(%s) AND unit_id = ANY(%s)",
            [periods, units],
        )
        for unit_id, period, indicator_id, value in cursor.fetchall():
            stored.setdefault((unit_id, period), {})[indicator_id] = value
    return stored


def _told(name: str, value: int, in_row: bool) -> str:
    if in_row:
        return _("“%(name)s” = %(value)s in this row") % {"name": name, "value": value}
    return _("“%(name)s” = %(value)s already stored") % {"name": name, "value": value}


def _changes(row: CountRow, stored) -> bool:
    old = stored.get((row.commune.id, row.period), {})
    return any(old.get(i) != v for i, v in row.values.items()) or any(i in old for i in row.cleared)


def _closed_month_problems(filename: str, rows: list[CountRow], stored) -> list[Problem]:
    problems = []
    locks = month_lock_problems(
        unit_ids=sorted({row.commune.id for row in rows}), months=sorted({row.period for row in rows})
    )
    for row in rows:
        reason, fix = month_closed_problem(row.period), _("check the month and the year of this row.")
        if not reason and _changes(row, stored):
            reason = locks.get((row.commune.id, row.period))
            fix = _("leave this month out of the file, or have it unapproved first.")
        if reason:
            problems.append(
                Problem(
                    file=filename,
                    row=row.row,
                    field="period",
                    value=f"{row.period:%Y-%m}",
                    reason=reason,
                    fix=fix,
                    key=(row.commune.id, "period"),
                )
            )
    return problems


def _changed_meanwhile_problems(filename: str, rows: list[CountRow], stored) -> list[Problem]:
    """The grid's cells whose stored figure is no longer the one the user saw (another
    save came first): optimistic concurrency, the figure seen is the cell's version."""
    problems = []
    for row in rows:
        now = stored.get((row.commune.id, row.period), {})
        for indicator_id, seen in row.expected.items():
            if now.get(indicator_id) == seen:
                continue
            mine = row.values.get(indicator_id)
            problems.append(
                Problem(
                    file=filename,
                    row=row.row,
                    field=row.fields.get(indicator_id, str(indicator_id)),
                    value="" if mine is None else str(mine),
                    reason=_(
                        "changed by another save after you opened the grid: it was %(seen)s, it is now "
                        "%(now)s"
                    )
                    % {
                        "seen": "—" if seen is None else seen,
                        "now": "—" if now.get(indicator_id) is None else now[indicator_id],
                    },
                    fix=_("check the figure stored now; save again to replace it with yours."),
                    key=(row.commune.id, indicator_id),
                )
            )
    return problems


def _column(row: CountRow, breach: Breach) -> int:
    """The column a breach is shown on: the rule's first indicator given in this row."""
    terms = breach.rule.left.terms + breach.rule.right.terms
    return next(t.indicator for t in terms if t.indicator in row.values)


def _part_whole_problem(filename: str, row: CountRow, merged: dict, breach: Breach, indicators) -> Problem:
    part, whole = breach.rule.part_whole
    column = part if part in row.values else whole
    return Problem(
        file=filename,
        row=row.row,
        field=row.fields.get(column, indicators[column].code),
        value=str(merged[column]),
        reason=_("%(commune)s (%(code)s), %(month)s: %(part)s is larger than its whole %(whole)s")
        % {
            "commune": row.commune.name,
            "code": row.commune.code,
            "month": f"{row.period:%Y-%m}",
            "part": _told(indicators[part].label, merged[part], part in row.values),
            "whole": _told(indicators[whole].label, merged[whole], whole in row.values),
        },
        fix=_("a part can never exceed its whole: correct one of the two figures."),
        key=(row.commune.id, column),
    )


def _rule_problem(filename: str, row: CountRow, merged: dict, breach: Breach, indicators) -> Problem:
    column = _column(row, breach)
    return Problem(
        file=filename,
        row=row.row,
        field=row.fields.get(column, indicators[column].code),
        value=str(merged[column]),
        reason=_("%(commune)s (%(code)s), %(month)s: %(rule)s")
        % {
            "commune": row.commune.name,
            "code": row.commune.code,
            "month": f"{row.period:%Y-%m}",
            "rule": breach.explanation,
        },
        fix=_("correct the wrong figure; if the figures are right, ask an administrator to review the rule.")
        if breach.rule.importance == "error"
        else _("the figures were saved: check them and correct the wrong one if need be."),
        key=(row.commune.id, column),
    )


def _rule_problems(filename: str, rows: list[CountRow], stored) -> tuple[list[Problem], list[Problem]]:
    """``(errors, warnings)``: every validation rule broken by a row merged with what is
    stored, for the rules naming a figure of the row (:mod:`monitoring.quality.rules`)."""
    indicators = {i.id: i for i in Indicator.objects.all()}
    rules = rule_set_load().rules
    errors, warnings = ProblemList(), []
    for row in rows:
        before = stored.get((row.commune.id, row.period), {})
        merged = {i: v for i, v in before.items() if i not in row.cleared} | row.values
        for breach in rules_broken(rules, merged, touched=row.values):
            describe = _part_whole_problem if breach.rule.builtin else _rule_problem
            problem = describe(filename, row, merged, breach, indicators)
            (errors if breach.rule.importance == "error" else warnings).append(problem)
    return errors, warnings


def case_counts_save(
    *,
    rows: list[CountRow],
    filename: str,
    source: str = "",
    reported_on: datetime.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> CountsReport:
    """Check ``rows`` against the stored figures, then upsert them in one transaction.

    Raises ``ImportFileError`` (nothing written) if a month has not come or an error
    rule is broken (a part above its whole is one); warning rules are reported."""
    say = progress or (lambda text: None)
    reported_on = reported_on or timezone.localdate()
    figures = sum(len(row.values) for row in rows)
    with transaction.atomic():
        statement_timeout_local(settings.IMPORT_STATEMENT_TIMEOUT_MS)
        # No other write of these communes' months may come between check and write.
        case_counts_lock(
            cells=[(row.commune.id, row.period) for row in rows], whole_table=figures >= BULK_FIGURES
        )
        stored = _stored(rows)
        if changed_meanwhile := _changed_meanwhile_problems(filename, rows, stored):
            raise ChangedMeanwhile(filename=filename, problems=changed_meanwhile)
        problems, warnings = _closed_month_problems(filename, rows, stored), []
        if not problems:
            problems, warnings = _rule_problems(filename, rows, stored)
        if problems:
            raise ImportFileError(filename=filename, problems=problems)
        say(_("writing %(count)s figures") % {"count": figures})
        cleared = _clear(rows)
        created, changed = _upsert(rows, source=source[:200], reported_on=reported_on)
        _audit(filename=filename, rows=rows, stored=stored, figures=figures + cleared)
        alerts_on_commit(touched={(row.commune.id, row.period) for row in rows})
    return CountsReport(
        rows=len(rows),
        created=created,
        changed=changed,
        unchanged=figures - created - changed,
        warnings=tuple(warnings),
        cleared=cleared,
    )


def _clear(rows: list[CountRow]) -> int:
    """Delete the rows' cleared figures; how many there were."""
    cells = [(row.commune.id, row.period, i) for row in rows for i in sorted(row.cleared)]
    if not cells:
        return 0
    units, periods, indicators = (list(column) for column in zip(*cells, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM monitoring_casecount c USING unnest(%s::bigint[], %s::date[], %s::bigint[])"
            " AS x(unit_id, period, indicator_id)"
            " WHERE c.unit_id = x.unit_id AND c.period = x.period AND c.indicator_id = x.indicator_id",
            [units, periods, indicators],
        )
        return cursor.rowcount


def _upsert(rows: list[CountRow], *, source: str, reported_on: datetime.date) -> tuple[int, int]:
    buffer = io.StringIO()
    for row in rows:
        for indicator_id, value in row.values.items():
            buffer.write(f"{row.commune.id}\t{row.period.isoformat()}\t{indicator_id}\t{value}\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS casecount_import")
        cursor.execute(
            "CREATE TEMP TABLE casecount_import (unit_id bigint, period date, indicator_id bigint,"
            " value integer) ON COMMIT DROP"
        )
        cursor.cursor.copy_expert(
            "COPY casecount_import (unit_id, period, indicator_id, value) FROM STDIN", buffer
        )
        cursor.execute("ANALYZE casecount_import")
        # Figures equal to the stored ones are left alone: only the rest is written.
        cursor.execute(
            "DELETE FROM casecount_import i USING monitoring_casecount c WHERE c.unit_id = i.unit_id"
            " AND c.period = i.period AND c.indicator_id = i.indicator_id AND c.value = i.value"
        )
        writes = sum(len(row.values) for row in rows) - cursor.rowcount
        if writes == 0:
            return 0, 0
        # A whole and its parts may be rewritten together: check after both statements.
        cursor.execute("SET CONSTRAINTS casecount_part_not_above_whole DEFERRED")
        with part_rule_checked_once(cursor, figures=writes, touched="casecount_import"):
            # The cells are locked against other writers: no conflict can appear between these two.
            cursor.execute(
                "UPDATE monitoring_casecount c SET value = i.value, source = %s, reported_on = %s"
                " FROM casecount_import i WHERE c.unit_id = i.unit_id AND c.period = i.period"
                " AND c.indicator_id = i.indicator_id",
                [source, reported_on],
            )
            changed = cursor.rowcount
            cursor.execute(
                "INSERT INTO monitoring_casecount (unit_id, period, indicator_id, value, source, reported_on,"
                " is_demo)"
                " SELECT i.unit_id, i.period, i.indicator_id, i.value, %s, %s, false FROM casecount_import i"
                " WHERE NOT EXISTS (SELECT FROM monitoring_casecount c WHERE c.unit_id = i.unit_id"
                " AND c.period = i.period AND c.indicator_id = i.indicator_id)",
                [source, reported_on],
            )
            created = cursor.rowcount
        # Check now rather than at commit: this may run inside a longer transaction.
        cursor.execute("SET CONSTRAINTS casecount_part_not_above_whole IMMEDIATE")
    return created, changed
