"""Write the boundary-file corpus used by the import tests (run once; the files are committed).

    .venv/bin/python tests/data/bad/make_boundary_files.py

Bad files go to ``tests/data/bad/boundaries/``; files that import with warnings (legacy
encodings, a repairable geometry) go to ``tests/data/boundaries/``. Every geometry is a
few small squares near 105°E, 21°N. What each file must say is listed in
``tests/test_bad_boundary_files.py``.
"""

import io
import json
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
from shapely import wkt as shapely_wkt

HERE = Path(__file__).resolve().parent
BAD = HERE / "boundaries"
GOOD = HERE.parent / "boundaries"


def square(x: float, y: float, size: float = 0.05) -> list:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def feature(code, name, coordinates, kind="Polygon", **extra) -> dict:
    properties = {"code": code, "name": name} | extra
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def geojson(name: str, features: list[dict], folder: Path = BAD) -> None:
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)
    (folder / name).write_text(text + "\n", encoding="utf-8")


def good_features() -> list[dict]:
    return [feature(f"7100{i}", f"Xã Số {i}", square(105.0 + 0.05 * i, 21.0)) for i in range(1, 4)]


def shapefile(
    stem: str, rows: list[dict], *, srid=4326, prj=True, dbf=True, encoding=None, folder=BAD, as_zip=False
):
    frame = gpd.GeoDataFrame(
        [{k: v for k, v in row.items() if k != "wkt"} for row in rows],
        geometry=[shapely_wkt.loads(row["wkt"]) for row in rows],
        crs=4326,
    ).to_crs(srid)
    work = folder / f"_{stem}"
    work.mkdir(exist_ok=True)
    frame.to_file(work / f"{stem}.shp", **({"encoding": encoding} if encoding else {}))
    if not prj:
        (work / f"{stem}.prj").unlink()
    if not dbf:
        (work / f"{stem}.dbf").unlink()
    if encoding:
        (work / f"{stem}.cpg").unlink(missing_ok=True)  # as old files come: no code page
    if as_zip:
        with zipfile.ZipFile(folder / f"{stem}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(work.iterdir()):
                archive.write(part, part.name)
    else:
        for part in work.iterdir():
            shutil.copy(part, folder / part.name)
    shutil.rmtree(work)


def rows(names=("Xã Số 1", "Xã Số 2", "Xã Số 3")) -> list[dict]:
    return [
        {"code": f"7100{i}", "name": name, "wkt": f"POLYGON(({105 + 0.05 * i} 21, {105.05 + 0.05 * i} 21, "
         f"{105.05 + 0.05 * i} 21.05, {105 + 0.05 * i} 21.05, {105 + 0.05 * i} 21))"}
        for i, name in enumerate(names, start=1)
    ]  # fmt: skip


def bad_files() -> None:
    features = good_features()
    bowtie = [[[105.1, 21.0], [105.15, 21.05], [105.15, 21.0], [105.1, 21.05], [105.1, 21.0]]]
    geojson("self_intersecting_bowtie.geojson", [features[0], feature("71002", "Xã Nơ", bowtie)])
    flat = [[[105.1, 21.0], [105.12, 21.0], [105.15, 21.0], [105.1, 21.0]]]
    geojson("collapsed_polygon.geojson", [features[0], feature("71002", "Xã Dẹt", flat)])
    geojson("duplicate_codes.geojson", [*features, feature("71002", "Xã Trùng", square(105.3, 21.0))])
    geojson("missing_code.geojson", [features[0], feature("", "Xã Không Mã", square(105.3, 21.0))])
    geojson(
        "unknown_parent.geojson",
        [features[0] | {"properties": {"code": "71001", "name": "Xã A", "parent": "00"}}],
    )
    geojson("points_not_polygons.geojson", [feature("71001", "Xã Điểm", [105.1, 21.1], kind="Point")])
    geojson(
        "missing_code_field.geojson",
        [{"type": "Feature", "properties": {"ten": "Xã A"}, "geometry": features[0]["geometry"]}],
    )
    geojson(
        "population_not_a_number.geojson",
        [features[0] | {"properties": {"code": "71001", "name": "Xã A", "population": "khoảng 5 nghìn"}}],
    )
    geojson("outside_vietnam.geojson", [feature("71001", "Xã Xa", square(2.35, 48.85))])
    geojson("no_features.geojson", [])
    metres = [[[591_000, 2_322_000], [596_000, 2_322_000], [596_000, 2_327_000], [591_000, 2_322_000]]]
    geojson("metres_in_geojson.geojson", [feature("71001", "Xã Mét", metres)])
    geojson(
        "several_bad_rows.geojson",
        [
            features[0],
            feature("", "Xã Không Mã", square(105.3, 21.0)),
            feature("71003", "Xã Điểm", [105.1, 21.1], kind="Point"),
            feature("71004", "Xã Đông", square(105.4, 21.0), population="-12"),
        ],
    )
    geojson(
        "unknown_parent_and_bad_rows.geojson",
        [
            feature("71001", "Xã A", square(105.0, 21.0), parent="00"),
            feature("71002", "Xã B", [105.1, 21.1], kind="Point", parent="00"),
            feature("71003", "Xã C", square(105.2, 21.0), parent="01"),
        ],
    )
    (BAD / "empty.geojson").write_bytes(b"")
    (BAD / "not_json.geojson").write_text(
        '{"type": "FeatureCollection", "features": [\n  {"type": oops}\n', "utf-8"
    )
    (BAD / "no_placemarks.kml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n'
        "<Document><name>Ranh giới xã</name><Folder><name>Xã</name></Folder></Document>\n</kml>\n",
        "utf-8",
    )
    shapefile("vn2000_without_prj", rows(), srid=3405, prj=False, as_zip=True)
    shapefile("metres_labelled_degrees", rows(), srid=3405, as_zip=True)
    (BAD / "metres_labelled_degrees.zip").unlink()
    shapefile("metres_labelled_degrees", rows(), srid=3405, as_zip=False)
    prj_4326 = gpd.GeoSeries([], crs=4326).crs.to_wkt("WKT1_ESRI")
    (BAD / "metres_labelled_degrees.prj").write_text(prj_4326)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "Ranh giới xã: gửi kèm .dbf nhưng quên .shp\n" * 50)
        archive.writestr("xa.dbf", b"\x03" + bytes(200))
    (BAD / "zip_without_shp.zip").write_bytes(buffer.getvalue())
    shapefile("shp_without_dbf", rows(), dbf=False, as_zip=True)
    shapefile("truncated", rows(), as_zip=True)
    whole = (BAD / "truncated.zip").read_bytes()
    (BAD / "truncated.zip").write_bytes(whole[: len(whole) // 2])


def good_files() -> None:
    tcvn3 = ("X· T©n Lîi", "Ph\u00adêng Héi An", "ThÞ trÊn Hµ Lam")
    shapefile("tcvn3_names", rows(tcvn3), encoding="latin1", folder=GOOD, as_zip=True)
    vni = ("Xaõ Taân Lôïi", "Phöôøng Hoäi An", "Thò traán Haø Lam")
    shapefile("vni_names", rows(vni), encoding="latin1", folder=GOOD, as_zip=True)
    spike = [[[105.0, 21.0], [105.1, 21.0], [105.1, 21.1], [105.05, 21.1], [105.05, 21.10001], [105.05, 21.1],
              [105.0, 21.1], [105.0, 21.0]]]  # fmt: skip
    geojson("repairable_spike.geojson", [feature("71001", "Xã Gai", spike)], folder=GOOD)


if __name__ == "__main__":
    BAD.mkdir(parents=True, exist_ok=True)
    GOOD.mkdir(parents=True, exist_ok=True)
    bad_files()
    good_files()
    print(f"{len(list(BAD.iterdir()))} files in {BAD}, {len(list(GOOD.iterdir()))} in {GOOD}")
