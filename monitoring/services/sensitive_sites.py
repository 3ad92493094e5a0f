"""Import sensitive sites (schools, hospitals, religious and heritage sites) from a CSV or
XLSX file, all or nothing.

The file is read and checked first (``monitoring.services.sensitive_site_file``): if any
row is bad, ``SensitiveSiteImportError`` lists every problem and nothing is written. A
site already stored with the same kind, name and location (rounded to 1e-6°, about
0.1 m) is left unchanged, so importing the same file twice changes nothing.
"""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import connection, transaction

from monitoring.models import SensitiveSite
from monitoring.services.sensitive_site_file import SensitiveSiteImportError, sensitive_site_file_read

__all__ = ["ImportReport", "SensitiveSiteImportError", "sensitive_sites_import"]

DIGITS = 6


@dataclass(frozen=True)
class ImportReport:
    created: int
    unchanged: int


def _key(kind: str, name: str, lon: float, lat: float) -> tuple[str, str, float, float]:
    return kind, name, round(lon, DIGITS), round(lat, DIGITS)


def sensitive_sites_import(*, path: Path, srid: int = 4326) -> ImportReport:
    """Read ``path`` (.csv in UTF-8 or .xlsx, first sheet) and store its sites.

    Raises ``SensitiveSiteImportError`` listing every bad row; the table is then untouched.
    """
    path = Path(path)
    sites = sensitive_site_file_read(path=path, srid=srid)
    with transaction.atomic():
        with connection.cursor() as cursor:  # two imports at once must not both create a site
            cursor.execute("LOCK TABLE monitoring_sensitivesite IN SHARE ROW EXCLUSIVE MODE")
        names = {site.name for site in sites}
        stored = {
            _key(kind, name, location.x, location.y)
            for kind, name, location in SensitiveSite.objects.filter(name__in=names).values_list(
                "kind", "name", "location"
            )
        }
        new = {}
        for site in sites:
            key = _key(site.kind, site.name, site.lon, site.lat)
            if key not in stored:
                new.setdefault(key, site)
        SensitiveSite.objects.bulk_create(
            SensitiveSite(
                kind=site.kind,
                name=site.name,
                address=site.address,
                location=Point(site.lon, site.lat, srid=4326),
            )
            for site in new.values()
        )
    return ImportReport(created=len(new), unchanged=len(sites) - len(new))
