"""Export formats, registered by dotted path (one module per format)."""

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core.errors import NotFound
from monitoring.exports.formats.base import ExportFormat

__all__ = ["FORMATS", "ExportFormat", "FormatNotFound", "format_get"]

FORMATS = {
    "geojson": "monitoring.exports.formats.geojson.GeoJSONFormat",
    "csv": "monitoring.exports.formats.csv_file.CSVFormat",
    "xlsx": "monitoring.exports.formats.xlsx.XLSXFormat",
    "gpkg": "monitoring.exports.formats.gpkg.GeoPackageFormat",
}


class FormatNotFound(NotFound):
    """No export format of that name (404)."""

    def __init__(self, name: str, *, choices=FORMATS) -> None:
        self.name = name
        super().__init__(
            _("There is no export format “%(name)s”; use one of %(names)s.")
            % {"name": name, "names": ", ".join(choices)},
            parameter="format",
            value=name,
        )


def format_get(name: str) -> ExportFormat:
    try:
        return import_string(FORMATS[name])()
    except KeyError:
        raise FormatNotFound(name) from None
