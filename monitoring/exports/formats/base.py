"""What an export format is. A streamed format yields bytes as rows arrive
(``stream``); a file format writes a whole file (``write``) that is then served."""

from collections.abc import Iterator
from pathlib import Path

__all__ = ["ExportFormat"]


class ExportFormat:
    name: str = ""
    extension: str = ""
    content_type: str = "application/octet-stream"
    streams: bool = True

    def stream(self, export) -> Iterator[bytes]:
        """The file's bytes, chunk by chunk (streamed formats)."""
        raise NotImplementedError

    def write(self, export, path: Path) -> None:
        """Write the whole file at ``path`` (file formats)."""
        raise NotImplementedError
