"""What each cell of the data-entry grid says about its value: the plausible range its
script compares a typed value with (``data-low``/``data-high``, from
:mod:`monitoring.quality.outliers`, the one rule), whether the value shown is flagged or
confirmed and why, and the cell's comment."""

import datetime
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from monitoring.imports.cells import count_from_cell
from monitoring.models import CellNote
from monitoring.quality.notes import comment_field, confirm_field
from monitoring.quality.outliers import CellRange, cell_ranges, explanation_templates, outlier_explanation

__all__ = ["CellFlags", "grid_flags", "message_attributes"]


@dataclass(frozen=True)
class CellFlags:
    """One cell's range attributes, flag (``"out"``, ``"confirmed"`` or ``""``), the
    explanation of a flag, and the note fields to post back (``None``: not posted)."""

    data: SafeString
    flag: str
    why: str
    comment: str | None
    confirm: str | None


def _data(cell: CellRange, note: CellNote | None) -> SafeString:
    data = cell.as_data()
    parts = []
    for key in ("low", "high", "median"):
        if data[key] is not None:
            value = data[key]
            value = int(value) if isinstance(value, float) and value.is_integer() else value
            parts.append(format_html(' data-{}="{}"', key, value))
    for key, attribute in (("low_bound", "lb"), ("high_bound", "hb")):
        if data[key]:
            parts.append(mark_safe(f" data-{attribute}"))  # noqa: S308 - a constant
    if note is not None and note.confirmed_value is not None:
        parts.append(format_html(' data-confirmed="{}"', note.confirmed_value))
    return mark_safe("".join(parts))  # noqa: S308 - each part escaped above


def grid_flags(
    *, unit_ids: list[int], indicator_ids: list[int], period: datetime.date, values: dict, posted
) -> dict[tuple[int, int], CellFlags]:
    """``{(unit id, indicator id): CellFlags}``; ``values``: the text each cell shows,
    ``posted``: the grid's post when it is shown again after a refusal (else None)."""
    ranges = cell_ranges(unit_ids=unit_ids, indicator_ids=indicator_ids, period=period)
    notes = {
        (n.unit_id, n.indicator_id): n for n in CellNote.objects.filter(period=period, unit_id__in=unit_ids)
    }
    flags = {}
    for key, cell in ranges.items():
        note = notes.get(key)
        value = count_from_cell(values.get(key))
        value = value if isinstance(value, int) else None
        comment = note.comment if note else None
        confirm = None
        if posted is not None:
            comment = posted.get(comment_field(*key), comment)
            confirm = posted.get(confirm_field(*key))
        confirmed = (confirm == "1") or (
            confirm is None and note is not None and note.confirmed_value == value
        )
        flag, why = "", ""
        if cell.is_outlier(value):
            flag = "confirmed" if confirmed else "out"
            why = outlier_explanation(cell, value)
        flags[key] = CellFlags(_data(cell, note), flag, why, comment, confirm)
    return flags


def message_attributes() -> SafeString:
    """The flag texts as the grid table's data attributes, for the script to fill in."""
    return mark_safe(  # noqa: S308 - each part escaped
        "".join(
            format_html(' data-t-{}="{}"', key.replace("_", "-"), text)
            for key, text in explanation_templates().items()
        )
    )
