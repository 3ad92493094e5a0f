"""Read the rows of a CSV (UTF-8 with or without BOM; comma, semicolon or tab
separated) or XLSX file, as a spreadsheet shows them.

Rows are numbered as in a spreadsheet (header = row 1); wholly blank rows are left out.
Cells keep their type from XLSX (numbers, dates) and are text from CSV. A file that
cannot be read raises ``ImportFileError`` with one problem saying how to save it.
"""

import csv
import io
from pathlib import Path

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
    """``[(row number, cells), ...]`` of the file's non-blank rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _fail(path, _("old Excel format (.xls)"), _("save it as .xlsx or as CSV UTF-8."))
    if suffix not in (".csv", ".txt", ".xlsx"):
        raise _fail(path, _("unknown file type"), _("save it as .csv (UTF-8) or .xlsx."))
    if not path.is_file():
        raise _fail(path, _("no such file"), _("check the path."))
    rows = _xlsx_rows(path, sheet) if suffix == ".xlsx" else _csv_rows(path)
    return [(number, row) for number, row in enumerate(rows, start=1) if any(map(cell_text, row))]


def _csv_rows(path: Path) -> list[list]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise _fail(
            path,
            _(
                "not UTF-8 text (from row %(row)s on; probably saved as Windows-1258 or in a legacy "
                "Vietnamese encoding)"
            )
            % {"row": row},
            _("save it as “CSV UTF-8” (in Excel: Save As, CSV UTF-8) and import it again."),
        ) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    separator = max(SEPARATORS, key=first.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def _xlsx_rows(path: Path, sheet: str | None) -> list[list]:
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
            return [list(row) for row in worksheet.iter_rows(values_only=True)]
        except Exception:
            raise _fail(
                path,
                _("not a readable XLSX workbook (damaged or truncated)"),
                _("open it in the spreadsheet and save it again as .xlsx."),
            ) from None
    finally:
        book.close()
