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
from monitoring.exports.signals import export_finished

__all__ = [
    "Export",
    "export_chunks",
    "export_file_name",
    "export_finished",
    "export_prepare",
    "export_stream",
    "export_write",
    "format_get",
]

BLOCK = 256 * 1024


def export_stream(export: Export, fmt: ExportFormat) -> Iterator[bytes]:
    """A streamed format's bytes; ``export_finished`` is sent after the last one."""
    yield from fmt.stream(export)
    export_finished.send(sender=Export, export=export, fmt=fmt.name)


def export_write(export: Export, fmt: ExportFormat, path: Path) -> None:
    """Write the whole file at ``path`` (all or nothing: a partial file is removed).

    A path that exists and is not a regular file (``/dev/stdout``, a pipe) is written to
    directly, never replaced."""
    path = Path(path)
    if path.exists() and not path.is_file():
        with open(path, "wb") as out:
            for chunk in export_chunks(export, fmt):
                out.write(chunk)
        return
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
    export_finished.send(sender=Export, export=export, fmt=fmt.name)


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
        yield from export_stream(export, fmt)
        return
    with export_temporary_file(export, fmt) as handle:
        while block := handle.read(BLOCK):
            yield block


def export_file_name(export: Export, fmt: ExportFormat) -> str:
    return f"{export.layer.name}-{export.generated_at:%Y%m%d-%H%M}.{fmt.extension}"
