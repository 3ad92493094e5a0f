"""GeoPackage written with GDAL (from the pyogrio wheel) in batches appended to one
layer, so memory holds one batch. The metadata goes in the GeoPackage metadata tables
(``gpkg_metadata``, as GDAL metadata of the dataset and the layer) and a short
description in ``gpkg_contents``. A layer without geometry becomes an attribute table."""

import json

import numpy as np
from pyproj import CRS

from monitoring.exports.formats.base import ExportFormat

__all__ = ["GeoPackageFormat"]

BATCH_ROWS = 5_000


def _array(values: list, kind: str) -> tuple[np.ndarray, np.ndarray | None]:
    """A numpy column of ``kind`` and its null mask (``None`` when nothing is null)."""
    mask = np.array([v is None for v in values], dtype=bool)
    if kind == "integer":
        data = np.array([0 if v is None else v for v in values], dtype=np.int64)
    elif kind == "number":
        data = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    elif kind == "boolean":
        data = np.array([bool(v) for v in values], dtype=bool)
    elif kind == "date":
        data = np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")
    else:
        data = np.array(["" if v is None else str(v) for v in values], dtype=object)
    return data, (mask if mask.any() else None)


class GeoPackageFormat(ExportFormat):
    name = "gpkg"
    extension = "gpkg"
    content_type = "application/geopackage+sqlite3"
    streams = False

    def write(self, export, path):
        layer = export.layer
        fields = export.fields
        names = [f.name for f in fields]
        metadata = {
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else str(v or "")
            for k, v in export.metadata().items()
        }
        options = {
            "layer": layer.name,
            "driver": "GPKG",
            "geometry_type": layer.geometry_type,
            "crs": CRS.from_epsg(4326).to_wkt() if layer.geometry else None,
            "promote_to_multi": False,
        }
        written = False
        batch: list[tuple] = []

        def flush(rows: list[tuple], first: bool) -> None:
            columns = list(zip(*rows, strict=True)) if rows else [[] for _ in range(len(names) + 1)]
            data, masks = zip(*(_array(list(columns[i]), f.type) for i, f in enumerate(fields)), strict=True)
            geometry = None
            if layer.geometry:
                geometry = np.empty(len(rows), dtype=object)
                geometry[:] = [None if g is None else bytes(g) for g in columns[len(names)]]
            import pyogrio.raw  # on use: pyogrio loads pandas and geopandas

            pyogrio.raw.write(
                str(path),
                geometry,
                list(data),
                names,
                field_mask=list(masks),
                append=not first,
                **(
                    {
                        "layer_metadata": metadata,
                        "layer_options": {"DESCRIPTION": f"{metadata['title']} ({metadata['generated_at']})"},
                    }
                    if first
                    else {}
                ),
                **options,
            )

        geometry = "wkb" if layer.geometry else None
        for rows in export.row_chunks(geometry=geometry):
            if not layer.geometry:
                rows = [(*tuple(r), None) for r in rows]
            batch.extend(rows)
            if len(batch) >= BATCH_ROWS:
                flush(batch, first=not written)
                written = True
                export.advance(len(batch))
                batch = []
        if batch or not written:
            flush(batch, first=not written)
            export.advance(len(batch))
