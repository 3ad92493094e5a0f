"""CSV: UTF-8 with a byte-order mark (Excel reads Vietnamese correctly), one header row
of property names, points as ``lon``/``lat`` columns and other geometries as ``wkt``.
CSV has no place for metadata every reader accepts: the metadata travels in the other
formats (and the web response's ``Content-Disposition`` names layer and date)."""

import csv
import io

from monitoring.exports.formats.base import ExportFormat

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
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(export.column_names(geometry=kind))
        yield ("\ufeff" + buffer.getvalue()).encode()
        for rows in export.row_chunks(geometry=kind):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(rows)
            yield buffer.getvalue().encode()
            export.advance(len(rows))
