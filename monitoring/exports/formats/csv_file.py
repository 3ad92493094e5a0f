"""CSV: UTF-8 with a byte-order mark (Excel reads Vietnamese correctly), one header row
of property names, points as ``lon``/``lat`` columns and other geometries as ``wkt``.
CSV has no place for metadata every reader accepts: the metadata travels in the other
formats (and the web response's ``Content-Disposition`` names layer and date)."""

from monitoring.exports.formats.base import ExportFormat
from monitoring.exports.tables import CsvRows

__all__ = ["CSVFormat"]


def geometry_kind(layer) -> str | None:
    if not layer.geometry:
        return None
    return "lonlat" if layer.geometry_type == "Point" else "wkt"


class CSVFormat(ExportFormat):
    name = "csv"
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def stream(self, export):
        kind = geometry_kind(export.layer)
        writer = CsvRows()
        yield writer.header(export.column_names(geometry=kind)).encode()
        for rows in export.row_chunks(geometry=kind):
            yield writer.rows(rows).encode()
            export.advance(len(rows))
