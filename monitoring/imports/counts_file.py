"""Read a case-count file in the shape provinces use: one row per commune, one column
per indicator, the month in a period column or given for the whole file. Title rows
above the header (up to 9) are skipped.

Header cells are matched with case and diacritics ignored: the commune by ``code`` /
``mã xã`` or ``name`` / ``tên xã``; the month by ``period`` / ``tháng`` / ``kỳ báo cáo``;
an indicator by its code or its Vietnamese (or English) name. ``STT``, district and
province columns and notes are ignored. Every problem is collected before anything is
returned: ``ImportFileError`` lists them all.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from core.problems import ProblemList
from monitoring.imports.cells import Refusal, count_from_cell, month_from_cell
from monitoring.imports.communes import Commune, CommuneDirectory
from monitoring.imports.names import fold
from monitoring.imports.problems import HEADER, ImportFileError, Problem
from monitoring.imports.table_file import cell_text, table_rows
from monitoring.models import Indicator

__all__ = ["CountRow", "counts_file_read"]

CODE = {
    "code",
    "ma",
    "ma xa",
    "ma don vi",
    "ma dvhc",
    "commune code",
    "commune_code",
    "ma so",
    "ma xa/phuong/thi tran",
    "ma xa, phuong, thi tran",
}
NAME = {
    "name",
    "ten",
    "xa",
    "ten xa",
    "commune",
    "commune name",
    "commune_name",
    "don vi",
    "ten don vi",
    "xa, phuong, thi tran",
    "xa/phuong/thi tran",
    "xa/phuong",
    "ten xa/phuong/thi tran",
    "ten xa, phuong, thi tran",
    "don vi hanh chinh",
    "ten don vi hanh chinh",
}
PERIOD = {"period", "thang", "ky bao cao", "ky", "month"}
IGNORED = {
    "stt",
    "tt",
    "so tt",
    "district",
    "huyen",
    "quan",
    "quan/huyen",
    "huyen/quan",
    "province",
    "tinh",
    "ghi chu",
    "note",
    "notes",
}
PROGRESS_EVERY = 2000
HEADER_SEARCH_ROWS = 10


@dataclass
class CountRow:
    """One commune's figures for one month; ``fields`` names each indicator's column;
    ``cleared``: indicators whose stored figure is to be removed (only the data-entry grid
    clears: a blank cell of a file means "not given" and keeps what is stored);
    ``expected``: see below (only the grid)."""

    row: int | str
    commune: Commune
    period: datetime.date
    values: dict[int, int] = field(default_factory=dict)
    fields: dict[int, str] = field(default_factory=dict)
    cleared: set[int] = field(default_factory=set)
    #: The data-entry grid's figures as the user saw them (``None``: none was stored); a
    #: cell whose stored figure differs by the time of saving was changed meanwhile.
    expected: dict[int, int | None] = field(default_factory=dict)


@dataclass
class _Header:
    code: int | None = None
    name: int | None = None
    period: int | None = None
    indicators: dict[int, Indicator] = field(default_factory=dict)  # column → indicator
    labels: dict[int, str] = field(default_factory=dict)  # column → header as written


def indicator_headers() -> dict[str, Indicator]:
    """Every way a header may name an indicator (folded) → the indicator."""
    names = {}
    for indicator in Indicator.objects.all():
        for text in (indicator.name_en, indicator.name_vi, indicator.code):
            names[fold(text)] = indicator
    return names


def _header(path: Path, number: int, cells: list) -> tuple[_Header, list[Problem]]:
    header, problems, seen = _Header(), [], {}
    known = indicator_headers()
    for column, cell in enumerate(cells):
        label = cell_text(cell)
        key = fold(label)
        if not key:
            continue
        role = (
            "code"
            if key in CODE
            else "name"
            if key in NAME
            else "period"
            if key in PERIOD
            else "ignored"
            if key in IGNORED
            else None
        )
        if role in ("code", "name", "period") and getattr(header, role) is None:
            setattr(header, role, column)
        elif role == "ignored":
            continue
        elif key in known and known[key].id not in seen:
            header.indicators[column] = known[key]
            header.labels[column] = label
            seen[known[key].id] = label
        else:
            reason = (
                _("column repeated (already given as “%(first)s”)")
                % {"first": seen.get(known[key].id, label) if key in known else label}
                if key in known or role
                else _("unknown column")
            )
            problems.append(
                Problem(
                    file=path.name,
                    row=number,
                    field=HEADER,
                    value=label,
                    reason=f"“{label}”: {reason}",
                    fix=_(
                        "name each indicator once by its code or Vietnamese name (see docs/imports.md), "
                        "or remove the column."
                    ),
                )
            )
    if header.code is None and header.name is None:
        problems.append(
            Problem(
                file=path.name,
                row=number,
                field=HEADER,
                value="",
                reason=_("no commune column"),
                fix=_("add a “code” (mã xã) or “name” (tên xã) column."),
            )
        )
    if not header.indicators and not problems:
        problems.append(
            Problem(
                file=path.name,
                row=number,
                field=HEADER,
                value="",
                reason=_("no indicator column"),
                fix=_("add one column per indicator, headed by its code or Vietnamese name."),
            )
        )
    return header, problems


def _header_index(rows: list[tuple[int, list]]) -> int:
    """Index of the header: the first of the first rows naming a commune column (sheets
    often open with a title such as "BÁO CÁO THÁNG 3/2026"), else the first row."""
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(fold(cell_text(cell)) in CODE | NAME for cell in cells):
            return index
    return 0


def counts_file_read(
    *,
    path: Path,
    directory: CommuneDirectory,
    period: datetime.date | None = None,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[CountRow]:
    """Every row of ``path`` as a ``CountRow``, or ``ImportFileError`` listing every problem."""
    path = Path(path)
    rows = table_rows(path=path, sheet=sheet)
    name = path.name
    if not rows:
        raise ImportFileError.refused(
            name,
            _("the file is empty"),
            _("write a header (code or name, period, one column per indicator) and one row per commune."),
        )
    rows = rows[_header_index(rows) :]
    header_number, header_cells = rows[0]
    header, problems = _header(path, header_number, header_cells)
    if problems:
        raise ImportFileError(filename=name, problems=problems)
    problems = ProblemList()
    if len(rows) == 1:
        raise ImportFileError.refused(
            name, _("the file has a header but no rows"), _("add one row per commune under the header.")
        )
    result, seen = [], {}
    for done, (number, cells) in enumerate(rows[1:], start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(rows) - 1)
        row, row_problems = _row(name, number, cells, header, header_cells, directory, period, seen)
        if row_problems:
            problems += row_problems
        else:
            result.append(row)
    if progress:
        progress(len(rows) - 1, len(rows) - 1)
    if problems:
        raise ImportFileError(filename=name, problems=problems)
    return result


def _row(name, number, cells, header, header_cells, directory, period, seen):
    """One data row as a ``CountRow`` and its problems (then the row is None)."""
    problems = []

    def cell(column):
        return cells[column] if column is not None and column < len(cells) else None

    def refuse(field_name, value, refusal: Refusal):
        problems.append(Problem(name, number, field_name, cell_text(value), refusal.reason, refusal.fix))

    code, commune_name = cell_text(cell(header.code)), cell_text(cell(header.name))
    commune = None
    if not code and not commune_name:
        refuse(
            "code" if header.name is None else "name",
            "",
            Refusal(_("no commune"), _("write the commune code or name.")),
        )
    else:
        found = directory.find(code=code, name=commune_name)
        if isinstance(found, Refusal):
            refuse("code" if code else "name", code or commune_name, found)
        else:
            commune = found
    month = month_from_cell(cell(header.period)) if header.period is not None else None
    if isinstance(month, Refusal):
        refuse(cell_text(header_cells[header.period]), cell(header.period), month)
    elif month is None:
        month = period
        if month is None:
            refuse(
                "period",
                "",
                Refusal(_("no month"), _("fill the period column (YYYY-MM) or give --period YYYY-MM.")),
            )
    values = {}
    for column, indicator in header.indicators.items():
        value = count_from_cell(cell(column))
        if isinstance(value, Refusal):
            refuse(header.labels[column], cell(column), value)
        elif value is not None:
            values[indicator.id] = value
    if commune is not None and isinstance(month, datetime.date):
        first = seen.setdefault((commune.id, month), number)
        if first != number:
            refuse(
                "code" if code else "name",
                code or commune_name,
                Refusal(
                    _("%(commune)s, %(month)s already given in row %(first)s")
                    % {"commune": commune.name, "month": f"{month:%Y-%m}", "first": first},
                    _("keep one row per commune and month."),
                ),
            )
    if problems:
        return None, problems
    fields = {header.indicators[c].id: header.labels[c] for c in header.indicators}
    return CountRow(number, commune, month, values, fields), []
