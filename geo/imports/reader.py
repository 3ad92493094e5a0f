"""Open a boundary file of any supported format as one GeoDataFrame, with GDAL (pyogrio).

Formats: Shapefile (``.shp`` with its sidecar files, or all of them in a ``.zip``),
GeoPackage, GeoJSON and KML/KMZ. A zip is unpacked to a temporary folder; a damaged
or truncated zip, a zip without a boundary file and a file GDAL cannot read are
reported with what to do about it.
"""

import json
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from geo.imports.errors import BoundaryImportError, Problem
from geo.imports.limits import zip_members_check

__all__ = ["SUFFIXES", "SourceLayer", "boundary_file_read"]

SUFFIXES = (".shp", ".zip", ".gpkg", ".geojson", ".json", ".kml", ".kmz")
INNER_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".kml")


@dataclass
class SourceLayer:
    """What was read: the features (a GeoDataFrame in the file's own CRS) and facts about them."""

    frame: object
    crs: object  # pyproj.CRS or None
    driver: str
    layer: str
    warnings: list[Problem] = field(default_factory=list)


@contextmanager
def _unpacked(path: Path, name: str):
    """The boundary file inside a zip, unpacked to a temporary folder."""
    if not zipfile.is_zipfile(path):
        raise BoundaryImportError.refused(
            name,
            _("the zip file is truncated or damaged."),
            _("Download or copy the file again and check that its size matches the original."),
        )
    with tempfile.TemporaryDirectory(prefix="boundaries-") as folder:
        try:
            with zipfile.ZipFile(path) as archive:
                members = [
                    member
                    for member in archive.namelist()
                    if not member.endswith("/")
                    and ".." not in PurePosixPath(member).parts
                    and not PurePosixPath(member).is_absolute()
                    and not PurePosixPath(member).name.startswith(".")
                    and "__MACOSX" not in member
                ]
                # By the zip's directory alone, before testzip() decompresses anything.
                zip_members_check(archive=archive, members=members, name=name)
                broken = archive.testzip()
                if broken is not None:
                    raise BoundaryImportError.refused(
                        name,
                        _("the zip file is damaged (%(member)s cannot be read).") % {"member": broken},
                        _("Make the zip again from the original files."),
                    )
                archive.extractall(folder, members=members)
        except (zipfile.BadZipFile, EOFError, OSError):
            raise BoundaryImportError.refused(
                name,
                _("the zip file is truncated or damaged."),
                _("Download or copy the file again and check that its size matches the original."),
            ) from None
        found = sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in INNER_SUFFIXES)
        shapefiles = [p for p in found if p.suffix.lower() == ".shp"]
        candidates = shapefiles or found
        if not candidates:
            raise BoundaryImportError.refused(
                name,
                _("the zip holds no .shp (nor a GeoPackage, GeoJSON or KML file)."),
                _("Put the .shp with its .shx, .dbf and .prj files in the zip."),
            )
        if len(candidates) > 1:
            listed = ", ".join(p.name for p in candidates)
            raise BoundaryImportError.refused(
                name,
                _("the zip holds several boundary files (%(files)s).") % {"files": listed},
                _("Put one layer in each zip and import them one at a time."),
            )
        yield candidates[0]


def _layer(path: Path, name: str, warnings: list[Problem]) -> str | None:
    """The first polygon layer (else the first layer); a warning when there were others."""
    import pyogrio  # imported on use: it loads pandas and geopandas (the server starts lighter)
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        layers = pyogrio.list_layers(path)
    except (DataSourceError, DataLayerError):
        return None
    polygonal = [str(layer) for layer, kind in layers if kind and "Polygon" in str(kind)]
    chosen = polygonal[0] if polygonal else (str(layers[0][0]) if len(layers) else None)
    if len(polygonal) > 1:
        warnings.append(
            Problem(
                file=name,
                reason=_("the file has several polygon layers (%(layers)s); only %(layer)s was read.")
                % {"layers": ", ".join(polygonal), "layer": chosen},
                fix=_("Save each level in its own file."),
            )
        )
    return chosen


def _unreadable(path: Path, name: str, error: Exception) -> BoundaryImportError:
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        try:
            with path.open(encoding="utf-8") as handle:
                json.load(handle)
        except UnicodeDecodeError:
            return BoundaryImportError.refused(
                name, _("the file is not UTF-8 text."), _("Save the GeoJSON as UTF-8.")
            )
        except json.JSONDecodeError as bad:
            return BoundaryImportError.refused(
                name,
                _("not valid JSON (line %(line)s, column %(column)s: %(what)s).")
                % {"line": bad.lineno, "column": bad.colno, "what": bad.msg},
                _("Export the layer again as GeoJSON; do not edit it by hand."),
            )
    if suffix == ".shp" and not path.with_suffix(".shx").exists() and not path.with_suffix(".SHX").exists():
        return BoundaryImportError.refused(
            name, _("the .shx file is missing."), _("Send the .shp with its .shx, .dbf and .prj.")
        )
    return BoundaryImportError.refused(
        name,
        _("GDAL cannot read this file (%(error)s).") % {"error": str(error).strip()[:200]},
        _("Check that it is a complete Shapefile, GeoPackage, GeoJSON or KML file."),
    )


def _read(path: Path, name: str) -> SourceLayer:
    if path.stat().st_size == 0:
        raise BoundaryImportError.refused(
            name, _("the file is empty."), _("Export the layer again; it has no bytes at all.")
        )
    if path.suffix.lower() == ".shp" and not any(
        sibling.suffix.lower() == ".dbf" and sibling.stem == path.stem for sibling in path.parent.iterdir()
    ):
        raise BoundaryImportError.refused(
            name,
            _("the .dbf file (the attributes) is missing."),
            _("Send the .shp with its .shx, .dbf and .prj."),
        )
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    warnings: list[Problem] = []
    layer = _layer(path, name, warnings)
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
        info = pyogrio.read_info(path, layer=layer)
    except (DataSourceError, DataLayerError, ValueError, RuntimeError) as error:
        raise _unreadable(path, name, error) from None
    if len(frame) == 0:
        raise BoundaryImportError.refused(
            name,
            _("the file has no features (empty layer or KML without placemarks)."),
            _("Export the layer again with its polygons."),
        )
    crs = frame.crs
    return SourceLayer(
        frame=frame, crs=crs, driver=info["driver"], layer=info["layer_name"], warnings=warnings
    )


def boundary_file_read(*, path: Path, name: str | None = None) -> SourceLayer:
    """Every feature of ``path`` in memory, whatever the format; a zip is unpacked meanwhile.

    ``name`` is the file name shown in messages (an upload's original name).
    """
    path = Path(path)
    name = name or path.name
    if not path.is_file():
        raise BoundaryImportError.refused(name, _("no such file."), _("Check the path."))
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise BoundaryImportError.refused(
            name,
            _("unknown file type %(suffix)s.") % {"suffix": suffix or "?"},
            _("Use a Shapefile (.shp or .zip), GeoPackage (.gpkg), GeoJSON or KML."),
        )
    if suffix == ".zip":
        with _unpacked(path, name) as inner:
            return _read(inner, name)
    return _read(path, name)
