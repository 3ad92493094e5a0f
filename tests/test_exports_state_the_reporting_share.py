"""Every case-count row of an export file ends with the share of communes that reported
its month and whether the month is complete, so a CSV or a spreadsheet (which readers open
without its metadata) shows an incomplete month for what it is. The columns carry the same
facts as the metadata's ``reporting``, for exact and for protected figures alike.

The demo province has every commune's figures up to 10/2026; each test adds November for
five of its 200 communes."""

import csv
import datetime
import io
import json

import pyogrio
import pytest
from openpyxl import load_workbook

from geo.models import AdminUnit, Level
from monitoring.figures.completeness import period_completeness
from monitoring.figures.periods import Period
from monitoring.layers import CASE_COUNTS
from monitoring.models import CaseCount, Indicator
from tests import factories

pytestmark = pytest.mark.django_db

NOVEMBER = datetime.date(2026, 11, 1)
QUERY = "period_from=2026-10&period_to=2026-11&indicator=illegal_users"


@pytest.fixture
def november(demo_province):
    communes = list(AdminUnit.current.filter(level=Level.COMMUNE, is_demo=True).order_by("code"))
    indicator = Indicator.objects.get(code="illegal_users")
    for value, commune in enumerate(communes[:5]):
        CaseCount.objects.create(unit=commune, period=NOVEMBER, indicator=indicator, value=value + 1)
    return communes[:5]


@pytest.fixture(params=["leader", "administrator"])
def reader(request, client, demo_province):
    """A leader (protected figures) and an administrator (exact figures)."""
    client.force_login(factories.role_user(f"share-{request.param}", request.param))
    return client


def _body(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_each_csv_row_says_how_complete_its_month_is(reader, november):
    text = _body(reader.get(f"/exports/case-counts.csv?{QUERY}")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[-2:] == ["reporting_share", "period_complete"]
    assert list(rows[0]) == CASE_COUNTS.property_names("export")
    shares = {(row["period"], row["reporting_share"], row["period_complete"]) for row in rows}
    assert shares == {("2026-10", "100.0", "True"), ("2026-11", "2.5", "False")}
    assert sum(row["period"] == "2026-11" for row in rows) == 5  # the missing 195 are not zeros


def test_the_spreadsheet_and_the_geojson_carry_the_same_share_as_the_metadata(reader, november, tmp_path):
    document = json.loads(_body(reader.get(f"/exports/case-counts.geojson?{QUERY}")))
    by_month = {m["period"]: (m["share_percent"], m["complete"]) for m in document["metadata"]["reporting"]}
    assert by_month == {"2026-10": (100.0, True), "2026-11": (2.5, False)}
    for feature in document["features"]:
        properties = feature["properties"]
        assert (properties["reporting_share"], properties["period_complete"]) == by_month[
            properties["period"]
        ]
    path = tmp_path / "counts.xlsx"
    path.write_bytes(_body(reader.get(f"/exports/case-counts.xlsx?{QUERY}")))
    sheet = load_workbook(path, read_only=True)["data"]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    at = {name: header.index(name) for name in ("period", "reporting_share", "period_complete")}
    assert {(r[at["period"]], r[at["reporting_share"]], r[at["period_complete"]]) for r in rows} == {
        ("2026-10", 100, True),
        ("2026-11", 2.5, False),
    }


def test_the_geopackage_columns_are_typed(reader, november, tmp_path):
    path = tmp_path / "counts.gpkg"
    path.write_bytes(_body(reader.get(f"/exports/case-counts.gpkg?{QUERY}&period_from=2026-11")))
    frame = pyogrio.read_dataframe(path, layer="case-counts")
    assert set(frame["reporting_share"]) == {2.5}
    assert set(frame["period_complete"]) == {False}


def test_the_share_is_of_the_communes_the_unit_filter_keeps(reader, november):
    reported = november[0]
    parent = reported.parent
    commune_ids = set(
        AdminUnit.current.filter(parent=parent, level=Level.COMMUNE).values_list("id", flat=True)
    )
    expected = period_completeness(
        indicator=Indicator.objects.get(code="illegal_users"),
        period=Period.month(NOVEMBER),
        unit_ids=commune_ids,
    )
    assert 0 < expected.share < 100 and expected.share != 2.5
    text = _body(
        reader.get(f"/exports/case-counts.csv?period=2026-11&indicator=illegal_users&unit={parent.code}")
    ).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {row["reporting_share"] for row in rows} == {str(expected.share)}


def test_a_month_no_figure_can_exist_for_is_refused_with_the_bound(reader):
    response = reader.get("/exports/case-counts.csv?period=2099-01")
    assert response.status_code == 400
    assert "2099" in response.content.decode()
