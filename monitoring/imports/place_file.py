"""Read and check a place file (CSV in UTF-8 or XLSX, first sheet) before anything is
written: every bad row is reported at once in ``ImportFileError``.

The header names the kind's columns (see :mod:`monitoring.imports.place_kinds`) and
``lon,lat`` (degrees, WGS 84) or, with ``srid`` set to a projected system such as
VN-2000 / UTM 3405, 3406 or a provincial zone like 5899, ``x,y`` in metres; points are
transformed to WGS 84 with GDAL. Optional columns may be left out or blank. Rows are
numbered as in a spreadsheet (the header is row 1); blank rows are skipped.
"""

import math
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.gdal import CoordTransform, GDALException, SpatialReference
from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.problems import ProblemList
from monitoring.imports.cells import Refusal
from monitoring.imports.place_kinds import KINDS, PlaceKind
from monitoring.imports.problems import HEADER, ImportFileError, Problem
from monitoring.imports.table_file import cell_text, table_rows

__all__ = ["VIETNAM_LAT", "VIETNAM_LON", "PlaceRow", "place_file_read"]

VIETNAM_LON = (102.0, 110.0)
VIETNAM_LAT = (8.0, 24.0)
HOW = {
    "lon": gettext_lazy("write the longitude in degrees, e.g. 108.21."),
    "lat": gettext_lazy("write the latitude in degrees, e.g. 16.05."),
    "x": gettext_lazy("write the easting in metres, e.g. 551234.5."),
    "y": gettext_lazy("write the northing in metres, e.g. 1769876.2."),
}


@dataclass(frozen=True)
class PlaceRow:
    """One checked row: its field values and its point in WGS 84."""

    row: int
    values: dict
    lon: float
    lat: float


def _transform(name: str, srid: int) -> CoordTransform | None:
    if srid == 4326:
        return None
    try:
        return CoordTransform(SpatialReference(srid), SpatialReference(4326))
    except (GDALException, ValueError, TypeError):
        raise ImportFileError.refused(
            name,
            _(
                "EPSG:%(srid)s is not a known coordinate system; use e.g. 3405 or 3406 "
                "(VN-2000 / UTM 48N or 49N) or a provincial VN-2000 zone such as 5899."
            )
            % {"srid": srid},
        ) from None


def place_file_read(*, path: Path, kind: str | PlaceKind, srid: int = 4326) -> list[PlaceRow]:
    """Every row of ``path`` as a ``PlaceRow``, or ``ImportFileError`` listing every problem."""
    path = Path(path)
    spec = KINDS[kind] if isinstance(kind, str) else kind
    name = path.name
    rows = table_rows(path=path)
    xname, yname = ("lon", "lat") if srid == 4326 else ("x", "y")
    expected = ",".join([*spec.names, xname, yname])
    if not rows:
        raise ImportFileError.refused(
            name,
            _("the file is empty"),
            _("write the header %(header)s and one row per %(noun)s.")
            % {"header": expected, "noun": spec.noun},
        )
    header_number, header_row = rows[0]
    header = [cell_text(cell).lower() for cell in header_row]
    required = [column.name for column in spec.columns if column.required] + [xname, yname]
    missing = [column for column in required if column not in header]
    if missing:
        hint = ""
        if srid == 4326 and {"x", "y"} <= set(header):
            hint = _(" (for x,y in metres give --srid, e.g. 3405)")
        elif srid != 4326 and {"lon", "lat"} <= set(header):
            hint = _(" (with --srid the file gives x,y in metres)")
        raise ImportFileError(
            filename=name,
            problems=[
                Problem(
                    name,
                    header_number,
                    HEADER,
                    column,
                    _("no column “%(column)s”") % {"column": column},
                    _("the header must be %(header)s%(hint)s.") % {"header": expected, "hint": hint},
                )
                for column in missing
            ],
        )
    if len(rows) == 1:
        raise ImportFileError.refused(
            name,
            _("the file has a header but no %(plural)s") % {"plural": spec.plural},
            _("add one row per %(noun)s under it.") % {"noun": spec.noun},
        )
    transform = _transform(name, srid)
    index = {column: header.index(column) for column in [*spec.names, xname, yname] if column in header}
    places, problems = [], ProblemList()
    for number, row in rows[1:]:
        texts = {column: cell_text(row[i]) if i < len(row) else "" for column, i in index.items()}
        values, row_problems = _values(spec, texts)
        coordinate_problems = _coordinate_problems(texts, xname, yname)
        lon = lat = math.nan
        if not coordinate_problems:
            lon, lat = (float(texts[n].replace(",", ".")) for n in (xname, yname))
            if transform is not None:
                point = Point(lon, lat, srid=srid)
                try:
                    point.transform(transform)
                except GDALException:
                    point = Point(math.inf, math.inf)
                lon, lat = point.x, point.y
            coordinate_problems = _place_problems(texts, xname, yname, srid, lon, lat)
        found = row_problems + coordinate_problems
        if found:
            problems += [
                Problem(name, number, field, value, reason, fix) for field, value, reason, fix in found
            ]
        else:
            places.append(PlaceRow(number, values, lon, lat))
    if problems:
        raise ImportFileError(filename=name, problems=problems)
    return places


def _values(spec: PlaceKind, texts: dict[str, str]) -> tuple[dict, list[tuple]]:
    values, problems = {}, []
    for column in spec.columns:
        text = texts.get(column.name, "")
        if not text:
            if column.required:
                how = (
                    _("write the %(noun)s’s name.") % {"noun": spec.noun}
                    if column.name == "name" or column.parse is None
                    else column.parse("").fix
                )
                problems.append((column.name, "", _("missing"), how))
            values[column.name] = column.default
            continue
        if column.max_length and len(text) > column.max_length:
            problems.append(
                (
                    column.name,
                    text,
                    _("longer than %(limit)s characters") % {"limit": column.max_length},
                    _("shorten it."),
                )
            )
            continue
        value = column.parse(text) if column.parse else text
        if isinstance(value, Refusal):
            problems.append((column.name, text, value.reason, value.fix))
        else:
            values[column.name] = value
    if not problems:
        problems = spec.rules(values)
    return values, problems


def _coordinate_problems(texts: dict[str, str], xname: str, yname: str) -> list[tuple]:
    problems = []
    for name in (xname, yname):
        value = texts[name]
        if not value:
            problems.append((name, "", _("missing"), str(HOW[name])))
            continue
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            problems.append((name, value, _("not a number"), str(HOW[name])))
    return problems


def _place_problems(texts: dict[str, str], xname: str, yname: str, srid: int, lon: float, lat: float) -> list:
    lon_ok = VIETNAM_LON[0] <= lon <= VIETNAM_LON[1]
    lat_ok = VIETNAM_LAT[0] <= lat <= VIETNAM_LAT[1]
    if lon_ok and lat_ok:
        return []
    both = f"{texts[xname]}, {texts[yname]}"
    if srid != 4326 and not (math.isfinite(lon) and math.isfinite(lat)):
        return [
            (
                f"{xname},{yname}",
                both,
                _("cannot be transformed from EPSG:%(srid)s") % {"srid": srid},
                _("check the coordinates and the --srid."),
            )
        ]
    if srid != 4326:
        return [
            (
                f"{xname},{yname}",
                both,
                _("lands at %(lon).5f°E, %(lat).5f°N, outside Vietnam (102–110°E, 8–24°N)")
                % {"lon": lon, "lat": lat},
                _("check the coordinates and that EPSG:%(srid)s is the file’s coordinate system.")
                % {"srid": srid},
            )
        ]
    if abs(lon) > 1000 or abs(lat) > 1000:
        return [
            (
                "lon,lat",
                both,
                _("metres, not degrees"),
                _(
                    "for VN-2000 x,y in metres name the columns x,y and give --srid (e.g. 3405 or 3406 "
                    "for UTM 48N/49N, or the province's zone such as 5899)."
                ),
            )
        ]
    if VIETNAM_LAT[0] <= lon <= VIETNAM_LAT[1] and VIETNAM_LON[0] <= lat <= VIETNAM_LON[1]:
        return [
            (
                "lon",
                texts["lon"],
                _("longitude and latitude look swapped"),
                _("put the longitude (102–110) in lon and the latitude (8–24) in lat."),
            )
        ]
    problems = []
    if not lon_ok:
        problems.append(("lon", texts["lon"], _("outside Vietnam (102–110°E)"), str(HOW["lon"])))
    if not lat_ok:
        problems.append(("lat", texts["lat"], _("outside Vietnam (8–24°N)"), str(HOW["lat"])))
    return problems
