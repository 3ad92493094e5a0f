"""Sensitive-site files are read by the generic place-file reader
(:mod:`monitoring.imports.place_file`, kind ``sensitive-site``); these names stay for the
code that imported them from here."""

from monitoring.imports.place_file import VIETNAM_LAT, VIETNAM_LON, place_file_read
from monitoring.imports.problems import ImportFileError as SensitiveSiteImportError

__all__ = ["VIETNAM_LAT", "VIETNAM_LON", "SensitiveSiteImportError", "sensitive_site_file_read"]


def sensitive_site_file_read(*, path, srid: int = 4326):
    """Every row of ``path`` as a ``PlaceRow`` of kind ``sensitive-site``."""
    return place_file_read(path=path, kind="sensitive-site", srid=srid)
