"""Turn a cell (from a file or a data-entry form) into a count or a month, or say why
it cannot be one and how to fix it. Used by the file import and the data-entry grid
alike, so both accept and refuse exactly the same values."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from monitoring.imports.table_file import cell_text
from monitoring.services.case_counts import count_value_problem

__all__ = ["Refusal", "count_from_cell", "month_from_cell"]

# Digits with thousands grouped by ".", "," or a space ("1.250" as Vietnamese write it).
_GROUPED = re.compile(r"^\d{1,3}(?:([., ])\d{3})(?:\1\d{3})*$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")


@dataclass(frozen=True)
class Refusal:
    reason: str
    fix: str


def count_from_cell(value) -> int | Refusal | None:
    """A count, ``None`` for a blank cell (not reported), or a ``Refusal``.

    >>> count_from_cell(" 1.250 "), count_from_cell(12.0), count_from_cell("")
    (1250, 12, None)
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = cell_text(value)
        if not text:
            return None
        compact = text.replace("\u00a0", " ")
        if re.fullmatch(r"-?\d+", compact):
            number = int(compact)
        elif _GROUPED.match(compact):
            number = int(re.sub(r"[., ]", "", compact))
        elif re.fullmatch(r"-\s*\d[\d., ]*", compact):
            return Refusal(_("negative count"), _("a count is zero or more; correct the figure."))
        else:
            return Refusal(
                _("not a whole number"),
                _("write a whole number of zero or more (no text or decimals), or leave it blank."),
            )
    if count_value_problem(number) == "negative":
        return Refusal(_("negative count"), _("a count is zero or more; correct the figure."))
    return number


def month_from_cell(value) -> datetime.date | Refusal | None:
    """The first day of the month a cell names (``2026-03``, ``03/2026``, a date), ``None``
    when blank, or a ``Refusal``.

    >>> month_from_cell("3/2026"), month_from_cell("2026-03")
    (datetime.date(2026, 3, 1), datetime.date(2026, 3, 1))
    """
    if isinstance(value, datetime.datetime | datetime.date):
        return datetime.date(value.year, value.month, 1)
    text = cell_text(value)
    if not text:
        return None
    text = re.sub(r"^(?:tháng|thang)\s*", "", text, flags=re.IGNORECASE)
    match = _YEAR_MONTH.match(text)
    year, month = (match.group(1), match.group(2)) if match else (None, None)
    if not match and (match := _MONTH_YEAR.match(text)):
        month, year = match.group(1), match.group(2)
    if year and 1 <= int(month) <= 12 and 1990 <= int(year) <= 2100:
        return datetime.date(int(year), int(month), 1)
    return Refusal(_("not a month"), _("write the month as YYYY-MM or MM/YYYY, e.g. 2026-03 or 03/2026."))
