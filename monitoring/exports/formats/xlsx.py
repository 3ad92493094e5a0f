"""XLSX: openpyxl's write-only workbook (rows go to a temporary file, not memory), the
rows on the first sheet and the metadata on a second. Points as ``lon``/``lat``; for
areas and lines a point on the surface (a boundary does not fit in a cell: use
GeoPackage or GeoJSON for shapes)."""

import json

from monitoring.exports.formats.base import ExportFormat
from monitoring.exports.tables import row_safe

__all__ = ["XLSXFormat"]


class XLSXFormat(ExportFormat):
    name = "xlsx"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    streams = False

    def write(self, export, path):
        layer = export.layer
        kind = None if not layer.geometry else ("lonlat" if layer.geometry_type == "Point" else "surface")
        from openpyxl import Workbook  # only when a spreadsheet is asked for: not in every process

        book = Workbook(write_only=True)
        sheet = book.create_sheet("data")
        sheet.append(row_safe(export.column_names(geometry=kind)))
        for rows in export.row_chunks(geometry=kind):
            for row in rows:
                sheet.append(row_safe(row))
            export.advance(len(rows))
        about = book.create_sheet("metadata")
        about.append(["key", "value"])
        for key, value in export.metadata().items():
            if isinstance(value, dict | list):
                value = json.dumps(value, ensure_ascii=False)
            about.append(row_safe([key, value]))
        if kind == "surface":
            about.append(["geometry", "lon/lat: a point on the surface of each shape"])
        about.append(["rows", export.rows_written])
        book.save(path)
