"""Attack: one polygon of a million vertices in a zipped shapefile of a few MB. Before the
limit it kept a database backend in the border refresh for over 25 minutes; now it is
refused by its vertex count, before any repair, reprojection or query, naming the
feature and the limit; nothing is written. Timing: bench/import_limits.py."""

import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from django.utils import translation

from geo.imports.errors import BoundaryImportError
from geo.imports.service import boundaries_import
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db
VERTICES = 1_000_000


def million_vertex_zip(folder: Path, vertices: int = VERTICES) -> Path:
    """A zipped shapefile of one province: a circle of ``vertices`` vertices near Hà Giang."""
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    ring = np.column_stack([105.0 + 0.2 * np.cos(angles), 22.8 + 0.2 * np.sin(angles)])
    polygon = shapely.Polygon(np.vstack([ring, ring[:1]]))
    frame = gpd.GeoDataFrame({"code": ["02"], "name": ["Tỉnh Hà Giang"]}, geometry=[polygon], crs=4326)
    frame.to_file(folder / "heavy.shp", driver="ESRI Shapefile")
    path = folder / "heavy.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in folder.glob("heavy.*"):
            if part.suffix != ".zip":
                archive.write(part, part.name)
    return path


def test_a_million_vertex_polygon_is_refused_naming_the_feature_and_the_limit(tmp_path, settings):
    path = million_vertex_zip(tmp_path)
    assert path.stat().st_size < 20 * 1024 * 1024
    before = table_checksums()
    with translation.override("en"), pytest.raises(BoundaryImportError) as error:
        boundaries_import(path=path, level="province")
    (problem,) = error.value.problems
    assert (problem.row, problem.code, problem.field) == (1, "02", "geometry")
    assert problem.reason == (
        f"the feature has {VERTICES + 1:,} vertices; a feature may have at most "
        f"{settings.BOUNDARY_MAX_VERTICES:,}."
    )
    assert table_checksums() == before
