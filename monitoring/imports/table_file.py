"""Read the rows of a CSV (UTF-8 with or without BOM; comma, semicolon or tab
separated) or XLSX file, as a spreadsheet shows them.

Rows are numbered as in a spreadsheet (header = row 1); wholly blank rows are left out.
Cells keep their type from XLSX (numbers, dates) and are text from CSV. A file that
cannot be read raises ``ImportFileError`` with one problem saying how to save it.
"""

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from monitoring.imports.problems import ImportFileError, Problem

__all__ = ["cell_text", "table_rows"]

SEPARATORS = (",", ";", "\t")


def _fail(path: Path, reason: str, fix: str = "", row=None) -> ImportFileError:
    problem = Problem(file=path.name, row=row, field="", value="", reason=reason, fix=fix)
    return ImportFileError(filename=path.name, problems=[problem])


def cell_text(value) -> str:
    """A cell as trimmed text; whole floats (XLSX numbers) without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def table_rows(*, path: Path, sheet: str | None = None) -> list[tuple[int, list]]:
    """``[(row number, cells), ...]`` of the file's non-blank rows.

    The file is read as a stream and refused as soon as it holds more than the
    ``IMPORT_MAX_ROWS`` setting's rows (memory stays flat whatever the file's size)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _fail(path, _("old Excel format (.xls)"), _("save it as .xlsx or as CSV UTF-8."))
    if suffix not in (".csv", ".txt", ".xlsx"):
        raise _fail(path, _("unknown file type"), _("save it as .csv (UTF-8) or .xlsx."))
    if not path.is_file():
        raise _fail(path, _("no such file"), _("check the path."))
    limit = settings.IMPORT_MAX_ROWS
    rows = _xlsx_rows(path, sheet) if suffix == ".xlsx" else _csv_rows(path)
    kept = []
    for number, row in enumerate(rows, start=1):
        if not any(map(cell_text, row)):
            continue
        if len(kept) > limit:  # the header and ``limit`` rows under it
            raise _fail(
                path,
                _("the file has more than %(limit)s rows; one import takes at most %(limit)s.")
                % {"limit": limit},
                _("split the file by district or month and import the parts one after the other."),
                row=number,
            )
        kept.append((number, row))
    return kept


def _csv_lines(path: Path, handle) -> Iterator[str]:
    """The file's lines as text, one at a time; a line that is not UTF-8 stops with the
    row it is on (as a spreadsheet numbers it)."""
    for number, line in enumerate(handle, start=1):
        try:
            yield line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise _fail(
                path,
                _(
                    "not UTF-8 text (from row %(row)s on; probably saved as Windows-1258 or in a legacy "
                    "Vietnamese encoding)"
                )
                % {"row": number},
                _("save it as “CSV UTF-8” (in Excel: Save As, CSV UTF-8) and import it again."),
            ) from None


def _csv_rows(path: Path) -> Iterator[list]:
    with path.open("rb") as handle:
        lines = _csv_lines(path, handle)
        head = []
        for line in lines:
            head.append(line)
            if line.strip():
                break
        first = head[-1] if head else ""
        separator = max(SEPARATORS, key=first.count)
        yield from csv.reader(itertools.chain(head, lines), delimiter=separator)


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a broken or truncated file
        raise _fail(
            path,
            _("not a readable XLSX workbook (damaged or truncated)"),
            _("open it in the spreadsheet and save it again as .xlsx."),
        ) from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise _fail(
                path,
                _("no sheet “%(sheet)s”") % {"sheet": sheet},
                _("use one of: %(sheets)s.") % {"sheets": ", ".join(book.sheetnames)},
            )
        try:
            for row in worksheet.iter_rows(values_only=True):
                yield list(row)
        except Exception:
            raise _fail(
                path,
                _("not a readable XLSX workbook (damaged or truncated)"),
                _("open it in the spreadsheet and save it again as .xlsx."),
            ) from None
    finally:
        book.close()
