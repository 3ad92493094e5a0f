"""Import sensitive sites (schools, hospitals, religious and heritage sites) from a CSV or
XLSX file, all or nothing: the ``sensitive-site`` kind of
:func:`monitoring.imports.places.places_import`. A site already stored with the same kind,
name and location (rounded to 1e-6°, about 0.1 m) is left unchanged, so importing the
same file twice changes nothing.
"""

from pathlib import Path

from monitoring.imports.places import PlacesReport, places_import
from monitoring.imports.problems import ImportFileError as SensitiveSiteImportError

__all__ = ["ImportReport", "SensitiveSiteImportError", "sensitive_sites_import"]

ImportReport = PlacesReport


def sensitive_sites_import(*, path: Path, srid: int = 4326) -> PlacesReport:
    """Read ``path`` (.csv in UTF-8 or .xlsx, first sheet) and store its sites.

    Raises ``SensitiveSiteImportError`` listing every bad row; the table is then untouched.
    """
    return places_import(path=path, kind="sensitive-site", srid=srid)
