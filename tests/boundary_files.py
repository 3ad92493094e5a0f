"""Write small boundary files for tests: units given as (code, name, WKT in WGS 84, extra
fields), written in any format GDAL writes, optionally projected or legacy-encoded."""

import zipfile
from pathlib import Path

import geopandas as gpd
from shapely import wkt as shapely_wkt

__all__ = ["DRIVERS", "boundary_file_write", "square"]

DRIVERS = {".shp": "ESRI Shapefile", ".gpkg": "GPKG", ".geojson": "GeoJSON", ".kml": "KML"}


def square(x: float, y: float, size: float = 0.05) -> str:
    """A square WKT polygon with its south-west corner at (x, y), in degrees."""
    return f"POLYGON(({x} {y}, {x + size} {y}, {x + size} {y + size}, {x} {y + size}, {x} {y}))"


def boundary_file_write(
    path: Path,
    units: list[dict],
    *,
    srid: int = 4326,
    prj: bool = True,
    encoding: str | None = None,
) -> Path:
    """Write ``units`` (dicts with ``wkt`` and attribute fields) to ``path``.

    ``srid`` projects the geometries first; ``prj=False`` drops the .prj of a shapefile;
    a ``.zip`` path writes a shapefile and zips it. ``encoding`` (e.g. "latin1") writes
    the DBF's bytes as given: legacy text is passed as Latin-1 characters.
    """
    path = Path(path)
    rows = [{k: v for k, v in unit.items() if k != "wkt"} for unit in units]
    frame = gpd.GeoDataFrame(rows, geometry=[shapely_wkt.loads(u["wkt"]) for u in units], crs=4326)
    if srid != 4326:
        frame = frame.to_crs(srid)
    target = path.with_suffix(".shp") if path.suffix == ".zip" else path
    options = {"encoding": encoding} if encoding else {}
    frame.to_file(target, driver=DRIVERS[target.suffix], **options)
    if target.suffix == ".shp" and not prj:
        target.with_suffix(".prj").unlink()
    if path.suffix == ".zip":
        siblings = sorted(p for p in target.parent.glob(target.stem + ".*") if p.suffix != ".zip")
        with zipfile.ZipFile(path, "w") as archive:
            for sibling in siblings:
                archive.write(sibling, sibling.name)
    return path
