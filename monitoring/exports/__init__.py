"""Exports of every layer as GeoJSON, CSV, XLSX and GeoPackage, streamed from PostGIS.

The web view (``/exports/<layer>.<format>``) and ``manage.py export`` both call
``export_prepare`` then ``export_write``/``export_chunks``: one code path.
"""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from monitoring.exports.formats import ExportFormat, format_get
from monitoring.exports.run import Export, export_prepare

__all__ = ["Export", "export_chunks", "export_file_name", "export_prepare", "export_write", "format_get"]

BLOCK = 256 * 1024


def export_write(export: Export, fmt: ExportFormat, path: Path) -> None:
    """Write the whole file at ``path`` (all or nothing: a partial file is removed)."""
    path = Path(path)
    partial = path.with_name(f"{path.stem}.part{path.suffix}")
    try:
        if fmt.streams:
            with open(partial, "wb") as out:
                for chunk in fmt.stream(export):
                    out.write(chunk)
        else:
            fmt.write(export, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def export_temporary_file(export: Export, fmt: ExportFormat):
    """The written file, open for reading and already unlinked (it vanishes on close)."""
    directory = tempfile.mkdtemp(prefix="export-")
    path = Path(directory) / f"export.{fmt.extension}"
    try:
        export_write(export, fmt, path)
        handle = open(path, "rb")  # noqa: SIM115 (closed by the response)
    finally:
        path.unlink(missing_ok=True)
        os.rmdir(directory)
    return handle


def export_chunks(export: Export, fmt: ExportFormat) -> Iterator[bytes]:
    """The file's bytes: streamed as rows arrive, or (file formats) written then read."""
    if fmt.streams:
        yield from fmt.stream(export)
        return
    with export_temporary_file(export, fmt) as handle:
        while block := handle.read(BLOCK):
            yield block


def export_file_name(export: Export, fmt: ExportFormat) -> str:
    return f"{export.layer.name}-{export.generated_at:%Y%m%d-%H%M}.{fmt.extension}"
