"""What every file download has in common: the format chosen from a whitelist (anything
else is a 404 naming the formats there are) and the ``Content-Disposition`` header,
written by Django's ``content_disposition_header`` (quoted, RFC 6266 ``filename*`` for
non-ASCII names) from a name the app built, never from the URL."""

from collections.abc import Iterable

from django.http import HttpResponseBase
from django.utils.http import content_disposition_header

from monitoring.exports.formats import FormatNotFound

__all__ = ["attachment", "format_choose"]


def format_choose(name: str | None, choices: Iterable[str]) -> str:
    """``name`` if it is one of ``choices``, else ``FormatNotFound`` (404)."""
    choices = tuple(choices)
    if name not in choices:
        raise FormatNotFound(str(name), choices=choices)
    return name


def attachment(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    """Mark ``response`` as the download ``filename`` (built by the view, its extension
    from a whitelist: ``format_choose`` or an ``ExportFormat``)."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
