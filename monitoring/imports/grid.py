"""The monthly data-entry grid (communes × indicators): its cells are read with the same
rules as an import file and saved by the same service, all or nothing.

Form fields are named ``v-<commune id>-<indicator id>``; a blank cell is not reported
(a stored figure is kept). Large jumps against last month are flagged, not refused:
see :func:`is_jump`.
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
) -> CountsReport:
    """Save the posted grid for ``communes`` (the user's), all or nothing.

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
    rows, problems = [], []
    for commune in communes:
        values = {}
        for indicator in indicators:
            text = data.get(field_name(commune.id, indicator.id), "")
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
        if values:
            fields = {indicator.id: indicator.name_vi for indicator in indicators}
            rows.append(CountRow(commune.name, commune, period, values, fields))
    if problems:
        raise ImportFileError(filename=label, problems=problems)
    return case_counts_save(rows=rows, filename=label, source=source)
