"""Coordinate systems PostGIS does not ship: the VN-2000 TM-3 zones EPSG:9205–9218 were
added to the EPSG registry after PostGIS 3.3's ``spatial_ref_sys`` was made. They are
added from PROJ's definition (through pyproj) the first time they are needed."""

import warnings

from django.db import connection, transaction
from pyproj import CRS

__all__ = ["srid_ensure"]


_PRESENT: set[int] = set()  # seen in the table outside a transaction (one that may roll back: not kept)


def srid_ensure(srid: int) -> None:
    """Make sure ``spatial_ref_sys`` knows EPSG ``srid`` (idempotent)."""
    if srid in _PRESENT:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM spatial_ref_sys WHERE srid = %s", [srid])
        if cursor.fetchone():
            if not connection.in_atomic_block:  # a row seen inside one may be its own insert
                _PRESENT.add(srid)
            return
        crs = CRS.from_epsg(srid)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # PROJ strings are lossy: kept only as a fallback
            proj4 = crs.to_proj4()
        if "+towgs84" not in proj4 and crs.datum.name == "Vietnam 2000":
            # The same shift to WGS 84 as PostGIS's own VN-2000 entries (EPSG:4756).
            cursor.execute("SELECT proj4text FROM spatial_ref_sys WHERE srid = 4756")
            row = cursor.fetchone()
            shift = [part for part in (row[0] if row else "").split() if part.startswith("+towgs84=")]
            proj4 = " ".join([*proj4.split(), *shift])
        with transaction.atomic():
            cursor.execute(
                "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)"
                " VALUES (%s, 'EPSG', %s, %s, %s) ON CONFLICT (srid) DO NOTHING",
                [srid, srid, crs.to_wkt("WKT1_GDAL"), proj4],
            )
