"""The monthly data-entry grid (communes × indicators): its cells are read with the same
rules as an import file and saved by the same service, all or nothing.

Form fields are named ``v-<commune id>-<indicator id>``. A cell emptied where a figure is
stored clears it (the figure is deleted: the commune has not reported it), as in DHIS2's
data entry; this needs ``monitoring.delete_casecount``. A field absent from the post keeps
the stored figure. (In a file a blank cell keeps it: see :mod:`monitoring.imports.counts`.)
The cells' comments and confirmations (``n-…``, ``c-…``, :mod:`monitoring.quality.notes`)
are saved in the same transaction. Values far from a commune's history are flagged, not
refused (:mod:`monitoring.quality.outliers`).

Each cell carries the figure it was loaded with (``o-…``, its version). A cell the user
left as loaded is not written, so it keeps whatever another save stored meanwhile; a
changed cell whose stored figure is no longer the one loaded refuses the save with
``ChangedMeanwhile`` (409), which names the figure stored now (no lost update).
"""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Forbidden
from monitoring.imports.cells import Refusal, count_from_cell
from monitoring.imports.communes import Commune
from monitoring.imports.counts import CountsReport, case_counts_save
from monitoring.imports.counts_file import CountRow
from monitoring.imports.problems import ImportFileError, Problem
from monitoring.imports.selectors import month_figures
from monitoring.models import Indicator
from monitoring.quality.notes import cell_notes_read, cell_notes_write

__all__ = ["FIELD_PREFIXES", "case_counts_grid_save", "field_name", "seen_name"]

#: The grid's fields: a value, a comment, a confirmation, the figure as loaded (each
#: ``<prefix><commune>-<indicator>``).
FIELD_PREFIXES = ("v-", "n-", "c-", "o-")


def field_name(unit_id: int, indicator_id: int) -> str:
    return f"v-{unit_id}-{indicator_id}"


def seen_name(unit_id: int, indicator_id: int) -> str:
    """The hidden field holding the cell's figure as the page showed it (blank: none)."""
    return f"o-{unit_id}-{indicator_id}"


class OutsideScope(Forbidden):
    """A posted cell names a commune the user may not report for (403)."""

    def __init__(self, field: str) -> None:
        super().__init__(_("You may not report for this commune."), parameter="field", value=field)


def case_counts_grid_save(
    *,
    data: Mapping[str, str],
    communes: list[Commune],
    indicators: list[Indicator],
    period: datetime.date,
    source: str,
    author=None,
    may_clear: bool = False,
) -> CountsReport:
    """Save the posted grid for ``communes`` (the user's) with its cells' notes (written
    by ``author``), all or nothing; emptied cells clear their stored figure when
    ``may_clear`` (else each is a problem).

    Raises ``ImportFileError`` whose problems carry ``key = (commune id, indicator id)``,
    or ``OutsideScope`` if a field names a commune not in ``communes``.
    """
    allowed = {commune.id for commune in communes}
    for name in data:
        if name.startswith(FIELD_PREFIXES):
            try:
                unit_id = int(name.split("-")[1])
            except (IndexError, ValueError):
                raise OutsideScope(name) from None
            if unit_id not in allowed:
                raise OutsideScope(name)
    label = _("data-entry grid")
    stored = month_figures(unit_ids=[commune.id for commune in communes], period=period)
    rows, problems = [], []
    for commune in communes:
        values, cleared, expected = {}, set(), {}
        for indicator in indicators:
            name = field_name(commune.id, indicator.id)
            if name not in data:
                continue
            text = data[name]
            value = count_from_cell(text)
            version = data.get(seen_name(commune.id, indicator.id))
            seen = Refusal("", "") if version is None else count_from_cell(version)
            if not isinstance(seen, Refusal):
                if value == seen:
                    continue  # not changed by this user: whatever is stored now stays
                expected[indicator.id] = seen
            if isinstance(value, Refusal):
                problems.append(
                    Problem(
                        label,
                        commune.name,
                        indicator.label,
                        text,
                        value.reason,
                        value.fix,
                        key=(commune.id, indicator.id),
                    )
                )
            elif value is not None:
                values[indicator.id] = value
            elif (commune.id, indicator.id) in stored and may_clear:
                cleared.add(indicator.id)
            elif (commune.id, indicator.id) in stored:
                problems.append(
                    Problem(
                        label,
                        commune.name,
                        indicator.label,
                        "",
                        _("clearing the stored figure %(value)s needs the permission to delete case counts")
                        % {"value": stored[commune.id, indicator.id]},
                        _("write the figure again, or ask a reporter who may clear figures."),
                        key=(commune.id, indicator.id),
                    )
                )
        if values or cleared:
            fields = {indicator.id: indicator.label for indicator in indicators}
            rows.append(CountRow(commune.name, commune, period, values, fields, cleared, expected))
    cells = {(c.id, i.id): (c.name, i.label) for c in communes for i in indicators}
    changes, note_problems = cell_notes_read(data=data, cells=cells, label=label)
    problems += note_problems
    if problems:
        raise ImportFileError(filename=label, problems=problems)
    with transaction.atomic():
        report = case_counts_save(rows=rows, filename=label, source=source)
        problems = cell_notes_write(changes=changes, cells=cells, period=period, author=author, label=label)
        if problems:
            raise ImportFileError(filename=label, problems=problems)
    return report
