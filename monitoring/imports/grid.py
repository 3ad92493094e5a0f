"""The monthly data-entry grid (communes × indicators): its cells are read with the same
rules as an import file and saved by the same service, all or nothing.

Form fields are named ``v-<commune id>-<indicator id>``. A cell emptied where a figure is
stored clears it (the figure is deleted: the commune has not reported it), as in DHIS2's
data entry; this needs ``monitoring.delete_casecount``. A field absent from the post keeps
the stored figure. (In a file a blank cell keeps it: see :mod:`monitoring.imports.counts`.)
Large jumps against last month are flagged, not refused: see :func:`is_jump`.
"""

import datetime
from collections.abc import Mapping

from django.utils.translation import gettext as _

from core.errors import Forbidden
from monitoring.imports.cells import Refusal, count_from_cell
from monitoring.imports.communes import Commune
from monitoring.imports.counts import CountsReport, case_counts_save
from monitoring.imports.counts_file import CountRow
from monitoring.imports.problems import ImportFileError, Problem
from monitoring.imports.selectors import month_figures
from monitoring.models import Indicator

__all__ = ["JUMP_MIN_PEOPLE", "JUMP_SHARE", "case_counts_grid_save", "field_name", "is_jump"]

JUMP_SHARE = 0.5
JUMP_MIN_PEOPLE = 10


def field_name(unit_id: int, indicator_id: int) -> str:
    return f"v-{unit_id}-{indicator_id}"


def is_jump(previous: int | None, current: int | None) -> bool:
    """A change of more than 50 % of last month's figure and more than 10 (people, places…).

    >>> is_jump(20, 31), is_jump(20, 29), is_jump(4, 12), is_jump(0, 11), is_jump(None, 50)
    (True, False, False, True, False)
    """
    if previous is None or current is None:
        return False
    change = abs(current - previous)
    return change > JUMP_MIN_PEOPLE and change > JUMP_SHARE * previous


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
    may_clear: bool = False,
) -> CountsReport:
    """Save the posted grid for ``communes`` (the user's), all or nothing; emptied cells
    clear their stored figure when ``may_clear`` (else each is a problem).

    Raises ``ImportFileError`` whose problems carry ``key = (commune id, indicator id)``,
    or ``OutsideScope`` if a field names a commune not in ``communes``.
    """
    allowed = {commune.id for commune in communes}
    for name in data:
        if name.startswith("v-"):
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
        values, cleared = {}, set()
        for indicator in indicators:
            name = field_name(commune.id, indicator.id)
            if name not in data:
                continue
            text = data[name]
            value = count_from_cell(text)
            if isinstance(value, Refusal):
                problems.append(
                    Problem(
                        label,
                        commune.name,
                        indicator.name_vi,
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
                        indicator.name_vi,
                        "",
                        _("clearing the stored figure %(value)s needs the permission to delete case counts")
                        % {"value": stored[commune.id, indicator.id]},
                        _("write the figure again, or ask a reporter who may clear figures."),
                        key=(commune.id, indicator.id),
                    )
                )
        if values or cleared:
            fields = {indicator.id: indicator.name_vi for indicator in indicators}
            rows.append(CountRow(commune.name, commune, period, values, fields, cleared))
    if problems:
        raise ImportFileError(filename=label, problems=problems)
    return case_counts_save(rows=rows, filename=label, source=source)
