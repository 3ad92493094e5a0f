"""Tables of a page as files: CSV (UTF-8 with a byte-order mark, so Excel reads
Vietnamese correctly) and XLSX (a title row, then the header and the rows). Layers are
exported by ``monitoring.exports``; these are for a page's own tables (visit lists,
outreach plans)."""

import csv
import io

from openpyxl import Workbook

__all__ = ["table_csv", "table_xlsx"]


def table_csv(columns: list[tuple[str, str]], rows: list[dict]) -> str:
    """``columns``: (key in the row, header label)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _key, label in columns])
    for row in rows:
        writer.writerow([row[key] for key, _label in columns])
    return "\ufeff" + buffer.getvalue()


def table_xlsx(columns: list[tuple[str, str]], rows: list[dict], *, title: str, sheet_name: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name[:31]
    sheet.append([title])
    sheet.append([str(label) for _key, label in columns])
    for row in rows:
        sheet.append([row[key] for key, _label in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
