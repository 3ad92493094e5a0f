"""The one writer of spreadsheet cells: every CSV and XLSX the app serves (layer exports,
a page's tables such as visit lists and outreach plans, command output) writes its
cells through it.

A text cell that a spreadsheet would read as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return: CSV injection, OWASP) is written with a
leading apostrophe, so ``=HYPERLINK(…)`` arrives as the text ``'=HYPERLINK(…)`` and
never runs; numbers stay numbers. CSV is UTF-8 with a byte-order mark (Excel reads
Vietnamese correctly); a page's XLSX has a title row, then the header and the rows.
"""

import csv
import io
from collections.abc import Iterable, Sequence

__all__ = ["FORMULA_STARTS", "CsvRows", "cell_safe", "row_safe", "table_csv", "table_xlsx"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def cell_safe(value):
    """``value`` as a spreadsheet may hold it: text that would start a formula gets a
    leading apostrophe; anything else (numbers, dates, None) is returned unchanged.

    >>> cell_safe("=1+1"), cell_safe("-5"), cell_safe(-5), cell_safe("Xã A")
    ("'=1+1", "'-5", -5, 'Xã A')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row_safe(row: Iterable) -> list:
    return [cell_safe(value) for value in row]


class CsvRows:
    """A CSV writer whose every cell goes through ``cell_safe``: ``header()`` gives the
    byte-order mark and the header line, ``rows()`` the text of a chunk of rows."""

    def __init__(self, *, lineterminator: str = "\r\n", bom: bool = True) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator=lineterminator)
        self.bom = bom

    def _take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text

    def header(self, names: Sequence) -> str:
        self.writer.writerow(row_safe(str(name) for name in names))
        return (BOM if self.bom else "") + self._take()

    def rows(self, rows: Iterable[Sequence]) -> str:
        self.writer.writerows(row_safe(row) for row in rows)
        return self._take()


def table_csv(columns: list[tuple[str, str]], rows: list[dict]) -> str:
    """A page's table as CSV; ``columns``: (key in the row, header label)."""
    writer = CsvRows()
    head = writer.header([label for _key, label in columns])
    return head + writer.rows([row[key] for key, _label in columns] for row in rows)


def table_xlsx(columns: list[tuple[str, str]], rows: list[dict], *, title: str, sheet_name: str) -> bytes:
    """A page's table as XLSX: the title, the header, then the rows."""
    from openpyxl import Workbook  # only when a spreadsheet is asked for: not in every process

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name[:31]
    sheet.append(row_safe([title]))
    sheet.append(row_safe(str(label) for _key, label in columns))
    for row in rows:
        sheet.append(row_safe(row[key] for key, _label in columns))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
