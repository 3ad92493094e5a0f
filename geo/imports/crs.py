"""Which coordinate system a boundary file is in, refusing coordinates that cannot be right.

The CRS comes from the file (.prj, GeoPackage, GeoJSON) or from ``--srid``, which wins
(with a warning when the file says otherwise). Coordinates are then checked against
Vietnam (101–118°E, 6–24°N, the islands included):

- no CRS and coordinates that are plausible degrees: WGS 84 is assumed, with a warning;
- no CRS, or a CRS in degrees, and coordinates in metres: refused, naming the likely
  VN-2000 zone.

How the zone is guessed (:func:`zone_guesses`): VN-2000 UTM and the provincial TM-3
zones all put 500 000 m on their central meridian, so an easting alone cannot tell them
apart. Each candidate (UTM 48N/49N = EPSG:3405/3406, TM-3 = EPSG:9205–9218, 5897–5899) is
tried on the centre of the data: it is likely when the point it gives falls inside the
area where EPSG says that system is used (pyproj's ``area_of_use``: for UTM 48N Vietnam
west of 108°E, for TM-3 107°45′ the provinces on that meridian, …, with half a degree of
margin) and, when Vietnam's outline is loaded, on Vietnamese land (within ~5 km). UTM zones
are named first, then the provinces' 3° zones (9205–9218, 5899), then the national 3° grids
5897/5898. An easting more than 330 km from 500 000 m fits no 3° zone, which leaves UTM.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from geo.imports.errors import BoundaryImportError, Problem

__all__ = [
    "VIETNAM_LAT",
    "VIETNAM_LON",
    "VN2000_SRIDS",
    "ZoneGuess",
    "bounds_text",
    "crs_resolve",
    "looks_like_vietnam_degrees",
    "zone_guesses",
]

VIETNAM_LON = (101.0, 118.0)
VIETNAM_LAT = (6.0, 24.0)
UTM_SRIDS = (3405, 3406)
TM3_SRIDS = (*range(9205, 9219), 5897, 5898, 5899)
VN2000_SRIDS = (4756, *UTM_SRIDS, *TM3_SRIDS)
GENERIC_TM3_SRIDS = (5897, 5898)  # zones 482 and 491: national grids, not a province's meridian
AREA_MARGIN_DEGREES = 0.5  # a province's file may spill over the edge of its system's area


@dataclass(frozen=True)
class ZoneGuess:
    srid: int
    name: str
    lon: float
    lat: float


def looks_like_vietnam_degrees(bounds) -> bool:
    minx, miny, maxx, maxy = bounds
    return (
        VIETNAM_LON[0] <= minx <= maxx <= VIETNAM_LON[1] and VIETNAM_LAT[0] <= miny <= maxy <= VIETNAM_LAT[1]
    )


def _looks_like_metres(bounds) -> bool:
    minx, miny, maxx, maxy = bounds
    return 0 < minx <= maxx < 1_200_000 and 500_000 < miny <= maxy < 2_800_000


def zone_guesses(bounds, on_land=None) -> list[ZoneGuess]:
    """VN-2000 projected systems under which the centre of ``bounds`` lands where that
    system is used, UTM first (see the module docstring). ``on_land(lon, lat)``, when
    given (Vietnam's outline), drops the systems that put the data outside Vietnam,
    unless that would drop them all."""
    x = (bounds[0] + bounds[2]) / 2
    y = (bounds[1] + bounds[3]) / 2
    guesses = []
    for srid in (*UTM_SRIDS, *TM3_SRIDS):
        if srid in TM3_SRIDS and abs(x - 500_000) > 330_000:
            continue
        crs = CRS.from_epsg(srid)
        lon, lat = Transformer.from_crs(crs, 4326, always_xy=True).transform(x, y)
        area = crs.area_of_use
        if not (math.isfinite(lon) and math.isfinite(lat)) or area is None:
            continue
        margin = AREA_MARGIN_DEGREES
        if (
            area.west - margin <= lon <= area.east + margin
            and area.south - margin <= lat <= area.north + margin
        ):
            group = 0 if srid in UTM_SRIDS else 2 if srid in GENERIC_TM3_SRIDS else 1
            guesses.append((group, srid, ZoneGuess(srid, crs.name, lon, lat)))
    ranked = [guess for *_, guess in sorted(guesses, key=lambda item: item[:2])]
    if on_land is not None:
        return [guess for guess in ranked if on_land(guess.lon, guess.lat)] or ranked
    return ranked


def _zone_advice(bounds, on_land=None) -> str:
    guesses = zone_guesses(bounds, on_land)
    if not guesses:
        return _(
            "Give the file's coordinate system with --srid: VN-2000 / UTM 3405 (48N, west of 108°E) or "
            "3406 (49N, east of 108°E), or the province's 3° zone (9205–9218, 5897–5899)."
        )
    first, others = guesses[0], guesses[1:4]
    advice = _(
        "Most likely VN-2000: give --srid %(srid)s (%(name)s), which puts the data at "
        "%(lon).3f°E, %(lat).3f°N."
    ) % {"srid": first.srid, "name": first.name, "lon": first.lon, "lat": first.lat}
    if others:
        advice += " " + _("Other possible zones: %(zones)s.") % {
            "zones": ", ".join(f"--srid {g.srid} ({g.name}: {g.lon:.3f}°E, {g.lat:.3f}°N)" for g in others)
        }
    return advice


def crs_resolve(*, file_crs, srid: int | None, bounds, name: str, on_land=None) -> tuple[CRS, list[Problem]]:
    """The CRS to read the features in, and warnings; ``BoundaryImportError`` if implausible.

    ``on_land(lon, lat)`` sharpens the zone guess (see :func:`zone_guesses`)."""
    warnings = []
    if srid is not None:
        try:
            crs = CRS.from_epsg(srid)
        except CRSError:
            raise BoundaryImportError.refused(
                name,
                _("EPSG:%(srid)s is not a known coordinate system.") % {"srid": srid},
                _("Use e.g. 4326, 4756, 3405, 3406 or a VN-2000 3° zone such as 5899."),
            ) from None
        if file_crs is not None and not CRS(file_crs).equals(crs, ignore_axis_order=True):
            warnings.append(
                Problem(
                    file=name,
                    reason=_(
                        "the file says its coordinates are in %(file)s; --srid %(srid)s was used instead."
                    )
                    % {"file": CRS(file_crs).name, "srid": srid},
                )
            )
    elif file_crs is None:
        if looks_like_vietnam_degrees(bounds):
            warnings.append(
                Problem(
                    file=name,
                    reason=_(
                        "the file has no coordinate system (.prj); its coordinates look like degrees, "
                        "read as WGS 84 (EPSG:4326)."
                    ),
                    fix=_("If they are VN-2000 degrees, import again with --srid 4756."),
                )
            )
            return CRS.from_epsg(4326), warnings
        raise _implausible(
            name,
            bounds,
            _(
                "the file has no coordinate system (.prj) and its coordinates (%(bounds)s) are not degrees "
                "in Vietnam."
            ),
            on_land,
        )
    else:
        crs = CRS(file_crs)
    if crs.is_geographic and not looks_like_vietnam_degrees(bounds):
        if _looks_like_metres(bounds):
            raise _implausible(
                name,
                bounds,
                _("the coordinates (%(bounds)s) are metres but the file says they are degrees (%(crs)s).")
                % {"crs": crs.name, "bounds": "%(bounds)s"},
                on_land,
            )
        raise _implausible(
            name, bounds, _("the coordinates (%(bounds)s) are not degrees in Vietnam (101–118°E, 6–24°N).")
        )
    return crs, warnings


def bounds_text(bounds) -> str:
    """``minx, miny, maxx, maxy`` as people read them: whole metres, degrees to 5 decimals."""
    return ", ".join(
        f"{value:.0f}" if abs(value) >= 1000 else f"{value:.5f}".rstrip("0").rstrip(".") for value in bounds
    )


def _implausible(name: str, bounds, reason: str, on_land=None) -> BoundaryImportError:
    text = bounds_text(bounds)
    fix = (
        _zone_advice(bounds, on_land)
        if _looks_like_metres(bounds)
        else _("Check the file's coordinate system and give it with --srid.")
    )
    return BoundaryImportError.refused(name, reason % {"bounds": text}, fix, field="bbox", value=text)
