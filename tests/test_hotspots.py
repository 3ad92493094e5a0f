"""Hot spots on a hand-made 5 × 5 lattice of square communes plus one island: Gi*, Local
Moran's I, their p-values and the Empirical Bayes rates equal esda's own with the same
weights and seed; the island is reported; the command writes the file and refuses bad
input with a clear message."""

import csv
import datetime
import json
import re

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from esda import G_Local, Moran_Local, fdr
from esda.smoothing import Empirical_Bayes, Spatial_Empirical_Bayes
from libpysal.weights import W, lat2W

from core.errors import BadInput, NotFound
from frontend.risk_map.choropleth import choropleth_build
from frontend.risk_map.query import risk_query_parse
from frontend.risk_map.styles import HOTSPOT_COLOURS
from geo.areas import Area
from geo.models import Level
from monitoring.figures.hotspots.analysis import Weights
from monitoring.figures.hotspots.compute import hotspots_compute
from monitoring.figures.periods import Period
from monitoring.models import CaseCount, Indicator
from tests import factories

pytestmark = pytest.mark.django_db

SIDE = 5
SEED = 7
PERIOD = Period.parse("2026-09")
#: Counts in lattice order (row by row from the south-west): high in the north-east.
COUNTS = [1, 0, 2, 1, 3, 0, 2, 1, 4, 5, 2, 1, 3, 8, 9, 1, 3, 7, 12, 14, 2, 4, 9, 15, 20]
POPULATIONS = [800 + 350 * k for k in range(SIDE * SIDE)]
ISLAND_COUNT, ISLAND_POPULATION = 6, 1500


def square(x0, y0, size=0.01):
    x1, y1 = x0 + size, y0 + size
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


@pytest.fixture
def lattice():
    """Province 80 with communes 80000–80024 on a grid (code order = lattice order) and
    80099, an island off the coast; one month of counts for each."""
    province = factories.unit("80", square(104, 9, 2), level=Level.PROVINCE, kind="")
    users = Indicator.objects.get(code="illegal_users")
    for k in range(SIDE * SIDE):
        row, col = divmod(k, SIDE)
        unit = factories.unit(
            f"800{k:02d}",
            square(104 + 0.01 * col, 9 + 0.01 * row),
            parent=province,
            population=POPULATIONS[k],
        )
        CaseCount.objects.create(unit=unit, period=PERIOD.start, indicator=users, value=COUNTS[k])
    island = factories.unit("80099", square(105, 10), parent=province, population=ISLAND_POPULATION)
    CaseCount.objects.create(unit=island, period=PERIOD.start, indicator=users, value=ISLAND_COUNT)
    return province


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the default language is Vietnamese)."""
    with translation.override("en"):
        yield


def compute(**options):
    """Over province 80 only: the demo province may be loaded in the same test session."""
    area = Area.of_codes(["80"])
    defaults = {"indicator_code": "illegal_users", "period": PERIOD, "area": area, "seed": SEED}
    return hotspots_compute(**(defaults | options))


def grid_rows(result):
    return [row for row in result.rows if row.code != "80099"]


def test_gi_star_equals_esda_on_the_lattice(lattice):
    result = compute(method="gi")
    expected = G_Local(
        np.array(COUNTS, float),
        lat2W(SIDE, SIDE, rook=False),
        transform="B",
        star=True,
        permutations=999,
        seed=SEED,
    )
    rows = grid_rows(result)
    assert np.allclose([r.statistic for r in rows], expected.Gs)
    assert np.allclose([r.z_score for r in rows], expected.Zs)
    assert np.allclose([r.p_value for r in rows], expected.p_sim)
    assert rows[SIDE * SIDE - 1].category == "hot_99"
    for row, z, p in zip(rows, expected.Zs, expected.p_sim, strict=True):
        level = 99 if p <= 0.01 else 95 if p <= 0.05 else 90 if p <= 0.10 else None
        assert row.category == (f"{'hot' if z > 0 else 'cold'}_{level}" if level else "not_significant")


def test_local_moran_equals_esda_on_the_lattice(lattice):
    result = compute(method="lisa", permutations=499)
    expected = Moran_Local(
        np.array(COUNTS, float),
        lat2W(SIDE, SIDE, rook=False),
        transformation="r",
        permutations=499,
        seed=SEED,
    )
    rows = grid_rows(result)
    assert np.allclose([r.statistic for r in rows], expected.Is)
    assert np.allclose([r.p_value for r in rows], expected.p_sim)
    names = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
    assert [r.category for r in rows] == [
        names[q] if p <= 0.05 else "not_significant" for q, p in zip(expected.q, expected.p_sim, strict=True)
    ]
    assert "HH" in {r.category for r in rows}


def test_distance_band_weights_equal_esda_with_the_same_neighbours(lattice):
    """Squares of 0.01° are about 1.1 km wide: a 1,300 m band links edge neighbours only."""
    result = compute(method="gi", weights=Weights.parse("distance:1300"))
    expected = G_Local(
        np.array(COUNTS, float),
        lat2W(SIDE, SIDE, rook=True),
        transform="B",
        star=True,
        permutations=999,
        seed=SEED,
    )
    rows = grid_rows(result)
    assert [r.neighbours for r in rows[:3]] == [2, 3, 3]
    assert np.allclose([r.z_score for r in rows], expected.Zs)
    assert np.allclose([r.p_value for r in rows], expected.p_sim)
    assert result.metadata()["distance_crs"] in ("EPSG:3405", "EPSG:3406")  # nearest UTM zone


def test_an_island_is_reported_not_dropped(lattice):
    result = compute(method="gi")
    island = next(row for row in result.rows if row.code == "80099")
    assert (island.category, island.neighbours, island.count, island.p_value) == ("island", 0, 6.0, None)
    assert [row.code for row in result.islands] == ["80099"]
    assert result.metadata()["islands"] == ["80099"]
    assert len(result.rows) == SIDE * SIDE + 1


def test_a_commune_without_a_figure_is_listed_as_no_data(lattice):
    factories.unit("80098", square(106, 11), parent=lattice)
    row = next(row for row in compute(method="gi").rows if row.code == "80098")
    assert (row.category, row.value, row.count) == ("no_data", None, None)


def test_empirical_bayes_rates_equal_esda(lattice):
    events = np.array([*COUNTS, ISLAND_COUNT], float)
    base = np.array([*POPULATIONS, ISLAND_POPULATION], float)
    result = compute(method="gi", measure="eb_rate")
    assert np.allclose([r.value for r in result.rows], Empirical_Bayes(events, base).r.ravel() * 10_000)
    assert result.metadata()["rate_base"] == "per 10,000 residents (AdminUnit.population)"
    raw = compute(method="gi", measure="rate")
    assert np.isclose(raw.rows[-1].value, ISLAND_COUNT / ISLAND_POPULATION * 10_000)


def test_spatial_empirical_bayes_rates_equal_esda(lattice):
    grid = lat2W(SIDE, SIDE, rook=False)
    neighbours = {i: list(grid.neighbors[i]) for i in range(SIDE * SIDE)} | {SIDE * SIDE: []}
    w = W(neighbours, id_order=list(range(SIDE * SIDE + 1)), silence_warnings=True)
    events = np.array([*COUNTS, ISLAND_COUNT], float)
    base = np.array([*POPULATIONS, ISLAND_POPULATION], float)
    result = compute(method="lisa", measure="seb_rate")
    assert np.allclose(
        [r.value for r in result.rows], Spatial_Empirical_Bayes(events, base, w).r.ravel() * 10_000
    )


def test_fdr_uses_the_benjamini_hochberg_cut_off_of_esda(lattice):
    rows = grid_rows(compute(method="gi", fdr=True))
    p = np.array([r.p_value for r in rows])
    cut = {level: fdr(p, alpha) for level, alpha in ((99, 0.01), (95, 0.05), (90, 0.10))}
    assert [r.confidence for r in rows] == [
        next((level for level in (99, 95, 90) if value <= cut[level]), None) for value in p
    ]
    plain = grid_rows(compute(method="gi"))
    assert sum(r.confidence is not None for r in rows) <= sum(r.confidence is not None for r in plain)


def test_bad_options_are_refused_by_name(lattice):
    with pytest.raises(NotFound, match="indicator = “nope”: no such indicator"):
        compute(method="gi", indicator_code="nope")
    with pytest.raises(BadInput, match=re.escape("method = “kriging”: use one of gi, lisa, emerging.")):
        compute(method="kriging")
    with pytest.raises(BadInput, match="weights = “rook”: use queen or distance:METRES"):
        Weights.parse("rook")
    with pytest.raises(BadInput, match="weights = “distance:far”: give the band in metres"):
        Weights.parse("distance:far")
    with pytest.raises(
        BadInput, match=re.escape("No commune in this area has a figure for illegal_users in 2026-08.")
    ):
        compute(method="gi", period=Period.parse("2026-08"))


def test_command_writes_geojson_with_one_feature_per_commune(lattice, tmp_path):
    out = tmp_path / "hot.geojson"
    call_command(
        "hotspots", "--indicator", "illegal_users", "--period", "2026-09", "--method", "gi",
        "--seed", str(SEED), "--area", "80", "--format", "geojson", "-o", str(out), verbosity=0,
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["features"]) == SIDE * SIDE + 1
    assert data["metadata"]["seed"] == SEED
    island = next(f for f in data["features"] if f["id"] == "80099")
    assert island["properties"]["category"] == "island"
    assert island["geometry"]["type"] == "MultiPolygon"
    corner = next(f for f in data["features"] if f["id"] == "80024")["properties"]
    assert set(corner) >= {"value", "z_score", "p_value", "category", "confidence"}


def test_command_writes_csv(lattice, tmp_path):
    out = tmp_path / "lisa.csv"
    call_command(
        "hotspots", "--indicator", "illegal_users", "--period", "2026-09", "--method", "lisa",
        "--measure", "eb_rate", "--weights", "distance:1300", "--area", "80", "--format", "csv", "-o", str(out), verbosity=0,
    )  # fmt: skip
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == SIDE * SIDE + 1
    assert rows[-1]["category"] == "island"


def test_command_refuses_an_unknown_indicator_and_writes_nothing(lattice, tmp_path):
    out = tmp_path / "x.geojson"
    with pytest.raises(CommandError, match="indicator = “nope”: no such indicator"):
        call_command("hotspots", "--indicator", "nope", "--period", "2026-09", "-o", str(out))
    with pytest.raises(CommandError, match=re.escape("--area 'ZZ': no unit has this official code.")):
        call_command(
            "hotspots", "--indicator", "illegal_users", "--period", "2026-09", "--area", "ZZ", "-o", str(out)
        )
    with pytest.raises(CommandError, match="is not a period"):
        call_command("hotspots", "--indicator", "illegal_users", "--period", "Sept", "-o", str(out))
    assert not out.exists()


def risk_layer(measure):
    query = risk_query_parse({"period": "2026-09", "measure": measure}, today=datetime.date(2026, 11, 22))
    return query, choropleth_build(query, unit_ids=Area.of_codes(["80"]).unit_ids())


def test_the_risk_map_shows_gi_star_of_the_smoothed_rate_with_a_significance_legend(lattice):
    query, layer = risk_layer("hotspots:illegal_users")
    assert query.measure.categorical and query.level == "commune"
    expected = {r.code: r.category for r in compute(method="gi", measure="eb_rate", seed=12345).rows}
    features = {f["properties"]["code"]: f["properties"] for f in layer.collection["features"]}
    assert {code: p["value"] for code, p in features.items()} == expected
    assert features["80024"]["colour"] == HOTSPOT_COLOURS[expected["80024"]]
    assert features["80099"]["display"] == "No neighbour with figures (not tested)"
    legend = {e.key: e.count for e in layer.legend}
    assert list(legend)[:8] == [
        "hot_99",
        "hot_95",
        "hot_90",
        "not_significant",
        "cold_90",
        "cold_95",
        "cold_99",
        "island",
    ]
    assert legend["island"] == 1
    assert sum(legend.values()) == SIDE * SIDE + 1


def test_the_risk_map_shows_the_empirical_bayes_rate(lattice):
    _query, layer = risk_layer("eb_rate:illegal_users")
    events = np.array([*COUNTS, ISLAND_COUNT], float)
    base = np.array([*POPULATIONS, ISLAND_POPULATION], float)
    shown = [f["properties"]["value"] for f in layer.collection["features"]]
    assert shown == [round(r, 2) for r in Empirical_Bayes(events, base).r.ravel() * 10_000]
    assert layer.measure_label.endswith("per 10,000 residents, Empirical Bayes smoothed")


def test_a_leader_opens_the_hot_spot_map_page(lattice, client):
    client.force_login(factories.role_user("leader80", "leader", areas=[lattice]))
    response = client.get("/maps/risk/", {"period": "2026-09", "measure": "hotspots:illegal_users"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="hotspots-method"' in page
    for key in ("hot_99", "hot_95", "hot_90", "not_significant", "cold_99", "island"):
        assert f'<li class="legend-{key}">' in page


def test_gi_star_on_the_demo_province_equals_esda_with_libpysal_queen_weights(demo_province):
    """The demo's communes: PostGIS's touching pairs give the same neighbours as
    libpysal's own Queen on the same polygons, and Gi* equals esda's on them."""
    from django.db import connection
    from libpysal.weights import Queen
    from shapely import from_wkb

    from monitoring.demo.figures import LAST_MONTH

    period = Period.month(LAST_MONTH)
    result = hotspots_compute(
        indicator_code="illegal_users", period=period, method="gi", area=Area.of_codes(["99"]), seed=SEED
    )
    tested = [row for row in result.rows if row.p_value is not None]
    assert len(tested) > 50
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ST_AsBinary(geom) FROM geo_adminunit WHERE id = ANY(%s)",
            [[r.unit_id for r in tested]],
        )
        shapes = {i: from_wkb(bytes(g)) for i, g in cursor.fetchall()}
    ids = [r.unit_id for r in tested]
    w = Queen.from_iterable([shapes[i] for i in ids], ids=ids, silence_warnings=True)
    assert [w.cardinalities[i] for i in ids] == [r.neighbours for r in tested]
    expected = G_Local(np.array([r.value for r in tested]), w, transform="B", star=True, seed=SEED)
    assert np.allclose([r.z_score for r in tested], expected.Zs)
    assert np.allclose([r.p_value for r in tested], expected.p_sim)


def test_the_hot_spot_map_exports_as_geojson_and_png(lattice, client):
    client.force_login(factories.role_user("leader81", "leader", areas=[lattice]))
    params = {"period": "2026-09", "measure": "hotspots:illegal_users"}
    data = client.get("/maps/risk/export.geojson", params).json()
    island = next(f for f in data["features"] if f["properties"]["code"] == "80099")
    assert island["properties"]["value"] == "island"
    assert (data["statistics"]["weights"], data["statistics"]["seed"]) == ("queen", 12345)
    png = client.get("/maps/risk/map.png", params)
    assert (png.status_code, png.content[:4]) == (200, b"\x89PNG")


def test_command_emerging_hot_spots_over_four_months(lattice, tmp_path):
    """The same counts in June–September: the north-east corner is a hot spot every
    month with a flat z-score, a persistent hot spot; the island stays untested."""
    users = Indicator.objects.get(code="illegal_users")
    for count in CaseCount.objects.filter(period=PERIOD.start, unit__code__startswith="800"):
        for month in (6, 7, 8):
            CaseCount.objects.create(
                unit=count.unit, period=datetime.date(2026, month, 1), indicator=users, value=count.value
            )
    out = tmp_path / "emerging.geojson"
    call_command(
        "hotspots", "--indicator", "illegal_users", "--period", "2026-09", "--method", "emerging",
        "--periods", "4", "--seed", str(SEED), "--area", "80", "-o", str(out), verbosity=0,
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    by_code = {f["id"]: f["properties"] for f in data["features"]}
    assert (by_code["80024"]["category"], by_code["80024"]["trend"]) == ("persistent_hot", "no trend")
    assert by_code["80099"]["category"] == "island"
    assert data["metadata"]["periods"] == 4
    with pytest.raises(CommandError, match=re.escape("periods = “2”: give a number from 4 to 120.")):
        call_command(
            "hotspots", "--indicator", "illegal_users", "--period", "2026-09", "--method", "emerging",
            "--periods", "2", "-o", str(out),
        )  # fmt: skip


def test_command_protects_small_counts_for_the_public_but_tests_exact_figures(lattice, tmp_path):
    methadone = Indicator.objects.get(code="methadone")
    assert methadone.sensitive
    for count in list(
        CaseCount.objects.filter(
            period=PERIOD.start, indicator__code="illegal_users", unit__code__startswith="800"
        )
    ):
        CaseCount.objects.create(unit=count.unit, period=PERIOD.start, indicator=methadone, value=count.value)
    exact, public = tmp_path / "exact.geojson", tmp_path / "public.geojson"
    for out, extra in ((exact, []), (public, ["--public"])):
        call_command(
            "hotspots", "--indicator", "methadone", "--period", "2026-09", "--area", "80",
            "--seed", str(SEED), "-o", str(out), *extra, verbosity=0,
        )  # fmt: skip
    exact_rows = {f["id"]: f["properties"] for f in json.loads(exact.read_text())["features"]}
    public_rows = {f["id"]: f["properties"] for f in json.loads(public.read_text())["features"]}
    small = [code for code, p in exact_rows.items() if 1 <= p["count"] < 5]
    assert small and all(public_rows[code]["count"] == public_rows[code]["value"] == "<5" for code in small)
    assert [p["z_score"] for p in public_rows.values()] == [p["z_score"] for p in exact_rows.values()]


def test_command_as_a_user_keeps_to_their_area(lattice, tmp_path):
    factories.role_user(
        "outsider", "leader", areas=[factories.unit("81", square(110, 20, 1), level=Level.PROVINCE)]
    )
    with pytest.raises(CommandError, match=re.escape("--area '80': outside the areas of 'outsider'.")):
        call_command(
            "hotspots", "--indicator", "illegal_users", "--period", "2026-09", "--area", "80",
            "--user", "outsider", "-o", str(tmp_path / "x.csv"),
        )  # fmt: skip


@pytest.mark.parametrize("method", ["gi", "lisa"])
def test_equal_values_everywhere_give_no_hot_spot_and_no_error(lattice, method):
    CaseCount.objects.filter(unit__code__startswith="800").update(value=0)
    rows = compute(method=method).rows
    assert {row.category for row in rows} == {"not_significant", "island"}
    assert all(row.confidence is None for row in rows)
