"""Comments on the cells of the data-entry grid, and the confirmation of a flagged value,
read from the grid's post and written in the figures' transaction (all or nothing).

A posted ``n-<commune id>-<indicator id>`` sets the cell's comment (empty: the comment is
removed); ``c-<commune id>-<indicator id>`` = ``1`` confirms the cell's value as correct
(it needs a comment, posted or already stored), ``""`` withdraws a confirmation. A field
not posted leaves the stored note alone. Every create, update and delete of a
:class:`~monitoring.models.CellNote` is audited with its before and after.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.problems import Problem
from monitoring.audit import audit_record, audit_snapshot
from monitoring.models import CaseCount, CellNote

__all__ = [
    "COMMENT_MAX",
    "NoteChange",
    "cell_notes_read",
    "cell_notes_write",
    "comment_field",
    "confirm_field",
]

COMMENT_MAX = 2000


def comment_field(unit_id: int, indicator_id: int) -> str:
    return f"n-{unit_id}-{indicator_id}"


def confirm_field(unit_id: int, indicator_id: int) -> str:
    return f"c-{unit_id}-{indicator_id}"


@dataclass(frozen=True)
class NoteChange:
    """What the post asks of one cell's note: ``comment`` None = keep the stored one;
    ``confirm`` None = keep, True = confirm the value, False = withdraw."""

    unit_id: int
    indicator_id: int
    comment: str | None
    confirm: bool | None


def cell_notes_read(
    *, data: Mapping[str, str], cells: Mapping[tuple[int, int], tuple[str, str]], label: str
) -> tuple[list[NoteChange], list[Problem]]:
    """The note changes posted for ``cells`` (``{(unit id, indicator id): (commune name,
    indicator name)}``) and the problems of the ones that cannot be kept."""
    changes, problems = [], []
    for (unit_id, indicator_id), (row, field) in cells.items():
        comment = data.get(comment_field(unit_id, indicator_id))
        confirm = data.get(confirm_field(unit_id, indicator_id))
        if comment is None and confirm is None:
            continue
        if comment is not None:
            comment = comment.strip()
            if len(comment) > COMMENT_MAX:
                problems.append(
                    Problem(
                        label,
                        row,
                        field,
                        comment[:40] + "…",
                        _("the comment has %(count)s characters, more than %(max)s")
                        % {"count": len(comment), "max": COMMENT_MAX},
                        _("shorten the comment."),
                        key=(unit_id, indicator_id),
                    )
                )
                continue
        changes.append(
            NoteChange(unit_id, indicator_id, comment, None if confirm is None else confirm.strip() == "1")
        )
    return changes, problems


def _confirm_problem(label: str, row: str, field: str, key: tuple, reason: str) -> Problem:
    return Problem(label, row, field, "", reason, "", key=key)


def cell_notes_write(
    *,
    changes: list[NoteChange],
    cells: Mapping[tuple[int, int], tuple[str, str]],
    period: datetime.date,
    author,
    label: str,
) -> list[Problem]:
    """Write ``changes`` for ``period`` once the figures are written (call it inside their
    transaction: a confirmation keeps the value stored now). Returns the problems (a
    confirmation without a comment or without a value); the caller then rolls back."""
    if not changes:
        return []
    keys = [(c.unit_id, c.indicator_id) for c in changes]
    units = sorted({k[0] for k in keys})
    notes = {
        (n.unit_id, n.indicator_id): n
        for n in CellNote.objects.select_for_update().filter(period=period, unit_id__in=units)
    }
    values = {
        (u, i): v
        for u, i, v in CaseCount.objects.filter(period=period, unit_id__in=units).values_list(
            "unit_id", "indicator_id", "value"
        )
    }
    problems = []
    for change in changes:
        key = (change.unit_id, change.indicator_id)
        row, field = cells[key]
        note = notes.get(key)
        comment = change.comment if change.comment is not None else (note.comment if note else "")
        confirmed = note.confirmed_value if note else None
        if change.confirm:
            if values.get(key) is None:
                problems.append(
                    _confirm_problem(
                        label, row, field, key, _("there is no value to confirm; write the figure first")
                    )
                )
                continue
            if not comment:
                problems.append(
                    _confirm_problem(
                        label,
                        row,
                        field,
                        key,
                        _("a confirmed value needs a comment: say why this figure is correct"),
                    )
                )
                continue
            confirmed = values[key]
        elif change.confirm is False:
            confirmed = None
        if not comment:
            if note is not None:
                before = audit_snapshot(note)
                note_key = note.pk
                note.delete()
                audit_record(
                    action="delete", object_type="monitoring.cellnote", object_key=note_key, before=before
                )
            continue
        if note is None:
            note = CellNote.objects.create(
                unit_id=change.unit_id,
                period=period,
                indicator_id=change.indicator_id,
                comment=comment,
                confirmed_value=confirmed,
                author=author,
            )
            audit_record(action="create", obj=note, after=audit_snapshot(note))
        elif (note.comment, note.confirmed_value) != (comment, confirmed):
            before = audit_snapshot(note)
            note.comment, note.confirmed_value = comment, confirmed
            note.author, note.updated_at = author, timezone.now()
            note.save()
            audit_record(action="update", obj=note, before=before, after=audit_snapshot(note))
    return problems
