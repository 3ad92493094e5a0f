"""``/exports/<layer>.<format>?<filters>``: a layer's rows the user may see, as a file.

GeoJSON and CSV are streamed as PostGIS returns rows; XLSX and GeoPackage are written to
a temporary file first, then served from it."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from monitoring.exports import (
    export_file_name,
    export_prepare,
    export_stream,
    export_temporary_file,
    format_get,
)
from monitoring.exports.download import attachment
from monitoring.exports.run import Export

__all__ = ["export_download", "export_response"]


def export_response(export: Export, fmt) -> HttpResponse:
    """The response for a prepared export (the public view may call it with its own)."""
    name = export_file_name(export, fmt)
    if fmt.streams:
        response = StreamingHttpResponse(export_stream(export, fmt), content_type=fmt.content_type)
    else:
        response = FileResponse(export_temporary_file(export, fmt), content_type=fmt.content_type)
    attachment(response, name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def export_download(request, layer: str, fmt: str):
    fmt_ = format_get(fmt)
    public = request.GET.get("public", "") in ("1", "true")  # may only add protection
    export = export_prepare(layer_name=layer, params=request.GET, user=request.user, public=public)
    return export_response(export, fmt_)
