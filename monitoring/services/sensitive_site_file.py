"""Read and check a sensitive-site file (CSV in UTF-8 or XLSX, first sheet) before
anything is written: every bad row is reported at once in ``SensitiveSiteImportError``.

The header row is ``kind,name,address,lon,lat`` (degrees, WGS 84) or, with ``srid`` set
to a projected system such as VN-2000 / UTM 3405, 3406 or a provincial zone like 5899,
``kind,name,address,x,y`` in metres; points are transformed to WGS 84 with GDAL.
``address`` may be left out or blank. Rows are numbered as in a spreadsheet (the header
is row 1); blank rows are skipped.
"""

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.gdal import CoordTransform, GDALException, SpatialReference
from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.models import SensitiveSiteKind
from monitoring.services.errors import MonitoringError

__all__ = ["VIETNAM_LAT", "VIETNAM_LON", "SensitiveSiteImportError", "SiteRow", "sensitive_site_file_read"]

VIETNAM_LON = (102.0, 110.0)
VIETNAM_LAT = (8.0, 24.0)
MAX_LENGTH = {"name": 200, "address": 300}
HOW = {
    "lon": gettext_lazy("write the longitude in degrees, e.g. 108.21."),
    "lat": gettext_lazy("write the latitude in degrees, e.g. 16.05."),
    "x": gettext_lazy("write the easting in metres, e.g. 551234.5."),
    "y": gettext_lazy("write the northing in metres, e.g. 1769876.2."),
}


class SensitiveSiteImportError(MonitoringError):
    """A file that cannot be imported; ``lines`` holds one message per problem."""

    def __init__(self, *, filename: str, lines: list[str]) -> None:
        self.filename, self.lines = filename, lines
        super().__init__(
            _("%(file)s cannot be imported (%(count)s problems); nothing was imported:")
            % {"file": filename, "count": len(lines)}
            + "\n"
            + "\n".join(lines)
        )


@dataclass(frozen=True)
class SiteRow:
    """One checked row, its point in WGS 84."""

    kind: str
    name: str
    address: str
    lon: float
    lat: float


def _fail(path: Path, message: str) -> SensitiveSiteImportError:
    return SensitiveSiteImportError(filename=path.name, lines=[f"{path.name}: {message}"])


def _rows(path: Path) -> list[list]:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise _fail(path, _("unknown file type; save it as .csv (UTF-8) or .xlsx."))
    if not path.is_file():
        raise _fail(path, _("no such file; check the path."))
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types for a broken file
            raise _fail(
                path, _("not a readable XLSX workbook; save it again from the spreadsheet.")
            ) from None
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            return list(csv.reader(file))
    except UnicodeDecodeError:
        raise _fail(path, _("not UTF-8 text; save it as “CSV UTF-8”.")) from None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _transform(path: Path, srid: int) -> CoordTransform | None:
    if srid == 4326:
        return None
    try:
        return CoordTransform(SpatialReference(srid), SpatialReference(4326))
    except (GDALException, ValueError, TypeError):
        raise _fail(
            path,
            _(
                "EPSG:%(srid)s is not a known coordinate system; use e.g. 3405 or 3406 "
                "(VN-2000 / UTM 48N or 49N) or a provincial VN-2000 zone such as 5899."
            )
            % {"srid": srid},
        ) from None


def sensitive_site_file_read(*, path: Path, srid: int = 4326) -> list[SiteRow]:
    """Every row of ``path`` as a ``SiteRow``, or ``SensitiveSiteImportError`` listing every problem."""
    rows = [(number, row) for number, row in enumerate(_rows(path), start=1) if any(map(_text, row))]
    xname, yname = ("lon", "lat") if srid == 4326 else ("x", "y")
    expected = f"kind,name,address,{xname},{yname}"
    if not rows:
        raise _fail(
            path,
            _("the file is empty; write the header %(header)s and one row per site.") % {"header": expected},
        )
    header_number, header_row = rows[0]
    header = [_text(cell).lower() for cell in header_row]
    missing = [name for name in ("kind", "name", xname, yname) if name not in header]
    if missing:
        hint = ""
        if srid == 4326 and {"x", "y"} <= set(header):
            hint = _(" (for x,y in metres give --srid, e.g. 3405)")
        elif srid != 4326 and {"lon", "lat"} <= set(header):
            hint = _(" (with --srid the file gives x,y in metres)")
        raise SensitiveSiteImportError(
            filename=path.name,
            lines=[
                _(
                    "%(file)s row %(row)s (header): no column “%(column)s”; "
                    "the header must be %(header)s%(hint)s."
                )
                % {"file": path.name, "row": header_number, "column": name, "header": expected, "hint": hint}
                for name in missing
            ],
        )
    if len(rows) == 1:
        raise _fail(path, _("the file has a header but no sites; add one row per site under it."))
    transform = _transform(path, srid)
    column = {
        name: header.index(name) for name in ("kind", "name", "address", xname, yname) if name in header
    }
    sites, errors = [], []
    for number, row in rows[1:]:
        values = {name: _text(row[i]) if i < len(row) else "" for name, i in column.items()}
        problems = _row_problems(values, xname, yname)
        if not problems:
            lon, lat = float(values[xname]), float(values[yname])
            if transform is not None:
                point = Point(lon, lat, srid=srid)
                try:
                    point.transform(transform)
                except GDALException:
                    point = Point(math.inf, math.inf)
                lon, lat = point.x, point.y
            problems = _place_problems(values, xname, yname, srid, lon, lat)
        if problems:
            errors += [f"{path.name} row {number}, {problem}" for problem in problems]
        else:
            sites.append(SiteRow(values["kind"].lower(), values["name"], values.get("address", ""), lon, lat))
    if errors:
        raise SensitiveSiteImportError(filename=path.name, lines=errors)
    return sites


def _field(name: str, value: str, reason: str) -> str:
    return _('field %(field)s, value "%(value)s": %(reason)s') % {
        "field": name,
        "value": value[:120],
        "reason": reason,
    }


def _row_problems(values: dict[str, str], xname: str, yname: str) -> list[str]:
    problems = []
    kinds = ", ".join(SensitiveSiteKind.values)
    if not values["kind"]:
        problems.append(_field("kind", "", _("missing; use one of %(kinds)s.") % {"kinds": kinds}))
    elif values["kind"].lower() not in SensitiveSiteKind.values:
        problems.append(
            _field("kind", values["kind"], _("unknown kind; use one of %(kinds)s.") % {"kinds": kinds})
        )
    if not values["name"]:
        problems.append(_field("name", "", _("missing; write the site’s name.")))
    for name, limit in MAX_LENGTH.items():
        if len(values.get(name, "")) > limit:
            problems.append(
                _field(
                    name, values[name], _("longer than %(limit)s characters; shorten it.") % {"limit": limit}
                )
            )
    for name in (xname, yname):
        value = values[name]
        if not value:
            problems.append(_field(name, "", _("missing; %(how)s") % {"how": HOW[name]}))
            continue
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            problems.append(_field(name, value, _("not a number; %(how)s") % {"how": HOW[name]}))
    return problems


def _place_problems(
    values: dict[str, str], xname: str, yname: str, srid: int, lon: float, lat: float
) -> list[str]:
    lon_ok = VIETNAM_LON[0] <= lon <= VIETNAM_LON[1]
    lat_ok = VIETNAM_LAT[0] <= lat <= VIETNAM_LAT[1]
    if lon_ok and lat_ok:
        return []
    if srid != 4326 and not (math.isfinite(lon) and math.isfinite(lat)):
        return [
            _field(
                f"{xname},{yname}",
                f"{values[xname]}, {values[yname]}",
                _("cannot be transformed from EPSG:%(srid)s; check the coordinates and the --srid.")
                % {"srid": srid},
            )
        ]
    if srid != 4326:
        return [
            _field(
                f"{xname},{yname}",
                f"{values[xname]}, {values[yname]}",
                _(
                    "lands at %(lon).5f°E, %(lat).5f°N, outside Vietnam (102–110°E, 8–24°N); check the "
                    "coordinates and that EPSG:%(srid)s is the file’s coordinate system."
                )
                % {"lon": lon, "lat": lat, "srid": srid},
            )
        ]
    if VIETNAM_LAT[0] <= lon <= VIETNAM_LAT[1] and VIETNAM_LON[0] <= lat <= VIETNAM_LON[1]:
        return [
            _field(
                "lon",
                values["lon"],
                _(
                    "longitude and latitude look swapped; put the longitude (102–110) in lon "
                    "and the latitude (8–24) in lat."
                ),
            )
        ]
    problems = []
    if not lon_ok:
        problems.append(
            _field("lon", values["lon"], _("outside Vietnam (102–110°E); %(how)s") % {"how": HOW["lon"]})
        )
    if not lat_ok:
        problems.append(
            _field("lat", values["lat"], _("outside Vietnam (8–24°N); %(how)s") % {"how": HOW["lat"]})
        )
    return problems
