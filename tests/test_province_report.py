"""The province's periodic report on a hand-made province with known counts: periods, every
figure in the DOCX and HTML equal to the risk map's selectors, stock and flow over a
quarter, the same period last year across a year boundary, an incomplete period stated,
small counts protected, clear errors, and a PDF that opens with Vietnamese intact."""

import datetime
import html
import io
import re
import subprocess

import pytest
from django.contrib.gis.geos import Point
from django.core.management import CommandError, call_command
from django.utils import translation

from core.errors import NotFound
from geo.models import Level
from monitoring.disclosure import disclosure_for
from monitoring.figures.periods import Period, PeriodError
from monitoring.figures.summary import province_summary
from monitoring.figures.values import indicator_values, units_for_map
from monitoring.models import (
    CaseCount,
    Classification,
    ClassificationScheme,
    CounsellingPoint,
    Indicator,
    Inspection,
)
from monitoring.reports.content import province_report_build
from monitoring.reports.render_docx import report_docx
from monitoring.reports.render_html import report_html
from monitoring.reports.render_pdf import report_pdf
from monitoring.reports.tables import report_tables
from tests import factories

TODAY = datetime.date(2026, 11, 20)


# --- periods (pure) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "first", "last", "key"),
    [
        ("2026-10", "month", datetime.date(2026, 10, 1), datetime.date(2026, 10, 1), "2026-10"),
        ("2026-Q3", "quarter", datetime.date(2026, 7, 1), datetime.date(2026, 9, 1), "2026-Q3"),
        ("2026-6M", "half", datetime.date(2026, 1, 1), datetime.date(2026, 6, 1), "2026-6M"),
        ("2026-9m", "nine", datetime.date(2026, 1, 1), datetime.date(2026, 9, 1), "2026-9M"),
        ("2026", "year", datetime.date(2026, 1, 1), datetime.date(2026, 12, 1), "2026"),
    ],
)
def test_every_reporting_period_is_read(text, kind, first, last, key):
    period = Period.parse(text)
    assert (period.kind, period.start, period.end, period.key()) == (kind, first, last, key)
    assert Period.parse(period.key()) == period


def test_same_period_last_year_crosses_the_year_boundary():
    assert Period.parse("2026-01").same_last_year().key() == "2025-01"
    assert Period.parse("2026-Q1").same_last_year().key() == "2025-Q1"
    assert Period.parse("2026-9M").same_last_year().months() == [
        datetime.date(2025, m, 1) for m in range(1, 10)
    ]
    assert Period.parse("2026-6M").previous().key() == "2025-6M"


@pytest.fixture
def english(client):
    """These tests read the English messages: the command and the view in English."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def test_an_unknown_period_names_every_form(english):
    with pytest.raises(PeriodError) as error:
        Period.parse("2026-7M")
    assert str(error.value) == (
        "“2026-7M” is not a period: write a month as 2026-10, a quarter as 2026-Q3, six months as 2026-6M, "
        "nine months as 2026-9M or a year as 2026."
    )


# --- a hand-made province --------------------------------------------------------------


def square(x0, y0, size=0.01):
    x1, y1 = x0 + size, y0 + size
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


@pytest.fixture
def province(db):
    """Province 71: district 711 (communes A, B), district 712 (commune C)."""
    p = factories.unit("71", square(105, 9, 0.03), level=Level.PROVINCE, kind="", name="Tỉnh Thử")
    d1 = factories.unit(
        "711", square(105, 9, 0.02), level=Level.DISTRICT, kind="", parent=p, name="Huyện Một"
    )
    d2 = factories.unit(
        "712", square(105.02, 9, 0.01), level=Level.DISTRICT, kind="", parent=p, name="Huyện Hai"
    )
    a = factories.unit("71001", square(105, 9), parent=d1, name="Xã Ân")
    b = factories.unit("71002", square(105.01, 9), parent=d1, name="Xã Bình")
    c = factories.unit("71003", square(105.02, 9), parent=d2, name="Xã Cường")
    users = Indicator.objects.get(code="illegal_users")
    relapses = Indicator.objects.get(code="relapses")
    months = {  # month: {commune: (users, relapses)}
        datetime.date(2025, 7, 1): {a: (30, 1), b: (10, 0), c: (40, 2)},
        datetime.date(2025, 8, 1): {a: (31, 1), b: (10, 1), c: (41, 0)},
        datetime.date(2025, 9, 1): {a: (32, 2), b: (11, 0), c: (44, 1)},
        datetime.date(2026, 7, 1): {a: (35, 2), b: (12, 1), c: (45, 3)},
        datetime.date(2026, 8, 1): {a: (36, 0), b: (12, 1), c: (47, 1)},
        datetime.date(2026, 9, 1): {a: (40, 1), b: (13, 0), c: (50, 2)},
        # across the year boundary: January is compared with January, not December
        datetime.date(2025, 1, 1): {a: (20, 0), b: (8, 0), c: (30, 0)},
        datetime.date(2025, 12, 1): {a: (99, 0), b: (99, 0), c: (99, 0)},
        datetime.date(2026, 1, 1): {a: (25, 1), b: (9, 0), c: (33, 1)},
        # October: commune C has not reported
        datetime.date(2026, 10, 1): {a: (41, 3), b: (2, 1)},
    }
    for month, rows in months.items():
        for unit, (u, r) in rows.items():
            CaseCount.objects.create(unit=unit, period=month, indicator=users, value=u)
            CaseCount.objects.create(unit=unit, period=month, indicator=relapses, value=r)
    for unit, cls_now, cls_before in [
        (a, "drug_free", "type_3"),
        (b, "type_2", "type_2"),
        (c, "type_1", "type_1"),
    ]:
        Classification.objects.create(
            unit=unit, year=2026, scheme=ClassificationScheme.QD_28_2025, drug_class=cls_now
        )
        Classification.objects.create(
            unit=unit, year=2025, scheme=ClassificationScheme.QD_28_2025, drug_class=cls_before
        )
    karaoke = factories.establishment(105.005, 9.005, type="karaoke", prone=True)
    factories.establishment(105.015, 9.005, type="karaoke", prone=True)
    factories.establishment(105.025, 9.005, type="massage", prone=False)
    CounsellingPoint.objects.create(
        name="Điểm Ân",
        location=Point(105.005, 9.006, srid=4326),
        status="active",
        opened_on=datetime.date(2024, 5, 1),
    )
    CounsellingPoint.objects.create(
        name="Điểm Cường", location=Point(105.025, 9.006, srid=4326), status="planned"
    )
    Inspection.objects.create(
        establishment=karaoke, date=datetime.date(2026, 8, 3), team="Đội 1", result="violation"
    )
    return {"province": p, "a": a, "b": b, "c": c, "users": users, "relapses": relapses}


def build(period, *, user=None, area="71"):
    return province_report_build(period=Period.parse(period), area_code=area, user=user, today=TODAY)


def line(report, code):
    return next(item for item in report.indicators if item.code == code)


def test_a_quarter_uses_the_stock_at_its_end_and_sums_the_flows(province):
    report = build("2026-Q3")
    users, relapses = line(report, "illegal_users"), line(report, "relapses")
    assert (users.total.now, users.total.before) == (40 + 13 + 50, 32 + 11 + 44)
    assert (relapses.total.now, relapses.total.before) == (3 + 2 + 6, 4 + 1 + 3)
    assert users.total.change == 16 and users.total.change_percent == 18.4
    assert [(code, f.now, f.before) for code, _name, f in users.parts] == [("711", 53, 43), ("712", 50, 44)]


def test_every_figure_equals_the_risk_map_selectors(province):
    report = build("2026-Q3")
    communes = [u for u in units_for_map(level="commune") if u.code.startswith("710")]
    for indicator in Indicator.objects.all():
        for period in (Period.parse("2026-Q3"), Period.parse("2025-Q3")):
            values = indicator_values(indicator=indicator, period=period, unit_ids=[u.id for u in communes])
            reported = [v for v in values.values() if v is not None]
            expected = sum(reported) if reported else None
            got = line(report, indicator.code).total
            assert (got.now if period == report.period else got.before) == expected, indicator.code


def test_nine_months_run_from_january_against_the_same_months_of_last_year(province):
    translation.activate("en")
    report = build("2026-9M")
    users, relapses = line(report, "illegal_users"), line(report, "relapses")
    assert (users.total.now, users.total.before) == (103, 87)  # the stock at September
    assert (relapses.total.now, relapses.total.before) == (2 + 11, 0 + 8)  # January to September summed
    assert (report.period_name, report.comparison_name) == (
        "the first 9 months of 2026",
        "the first 9 months of 2025",
    )


def test_same_period_last_year_across_a_year_boundary(province):
    users = line(build("2026-01"), "illegal_users")
    assert (users.total.now, users.total.before) == (25 + 9 + 33, 20 + 8 + 30)
    assert build("2026-01").comparison.key() == "2025-01"


def cell_texts(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_every_figure_in_the_docx_and_the_html_is_the_reports(province):
    import docx

    translation.activate("en")
    report = build("2026-Q3")
    tables = report_tables(report)
    document = docx.Document(io.BytesIO(report_docx(report)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["I. Summary", "II. Tables"]
    assert document.styles["Normal"].font.name == "Times New Roman"
    word_tables = document.tables[1:]  # the first is the administrative header
    assert len(word_tables) == len(tables)
    page = html.unescape(report_html(report))
    for table, word in zip(tables, word_tables, strict=True):
        assert table.title in headings
        assert cell_texts(word) == [table.header, *table.rows]
        for row in table.rows:
            numeric = ' class="n"'
            assert "".join(f"<td{numeric if i else ''}>{c}</td>" for i, c in enumerate(row)) in page
    first = tables[0].rows[0]
    assert first[:6] == ["Illegal drug users", "people", "103", "87", "+16", "+18.4 %"]
    est = next(t for t in tables if t.key == "establishments")
    assert est.rows == [["Karaoke", "2", "2"], ["Massage", "1", "0"], ["Total", "3", "2"]]
    assert "1 of 2 (50 %, target 60 %)" in est.note.replace("Prone establishments inspected", "")
    assert "violation in the period: 1" in est.note
    points = next(t for t in tables if t.key == "counselling")
    assert points.rows == [["Planned", "1"], ["Active", "1"], ["Closed", "0"]]
    assert points.note == "Communes with an active counselling point: 1 of 3 (33.3 %)."
    cls = next(t for t in tables if t.key == "classification")
    assert ["Drug-free (không ma túy)", "1", "0"] in cls.rows
    assert "33.3 % in 2026 (0 % in 2025)" in cls.note
    assert [t.key for t in tables if t.key.startswith("parts-")] == ["parts-illegal_users", "parts-relapses"]
    assert report.themes[2].paragraph == "No figures were reported for the period."
    paragraph = report.themes[0].paragraph
    assert paragraph.startswith(
        "Illegal drug users: 103 people, up 16 (18.4 %) on the same period last year (quarter III of 2025)"
    )
    assert paragraph in page and paragraph in "\n".join(p.text for p in document.paragraphs)


def test_an_incomplete_period_says_so(province):
    translation.activate("en")
    report = build("2026-10")
    text = "Reporting for month 10/2026 is incomplete: 2 of 3 communes reported (66.7 %)."
    assert text in html.unescape(report_html(report))
    assert build("2026-Q3").data_state.complete
    state = next(t for t in report_tables(report) if t.key == "data-state")
    assert state.rows == [["10/2026", "2", "3", "no"]]
    assert "Not approved." in state.note


def test_a_reader_without_exact_counts_sees_small_counts_protected(province):
    leader = factories.role_user("leader-report", "leader", areas=[province["province"]])
    assert disclosure_for(user=leader).protect
    report = build("2026-10", user=leader)
    users = line(report, "illegal_users")
    communes = [u for u in units_for_map(level="commune") if u.code.startswith("710")]
    shown = province_summary(
        indicator=province["users"],
        period=Period.parse("2026-10"),
        units=communes,
        group_by_parent=True,
        protection=disclosure_for(user=leader),
    )
    assert [f.now for _c, _n, f in users.parts] == [v for _c, _n, v in shown.by_parent]
    relapses = line(report, "relapses")
    assert relapses.total.now == "<5" and relapses.total.change is None
    assert "Relapses" not in report_html(report) or "<5" in html.unescape(report_html(report))
    import docx

    document = docx.Document(io.BytesIO(report_docx(report)))
    relapse_rows = [
        [c.text for c in row.cells] for row in document.tables[1].rows if row.cells[0].text == relapses.name
    ]
    assert relapse_rows == [[relapses.name, relapses.unit, "<5", "—", "—", "—"]]
    exact = build("2026-10")
    assert line(exact, "relapses").total.now == 4


def test_an_inspector_outside_the_area_gets_a_clear_error(province, english):
    other = factories.unit("72", square(106, 9, 0.01), level=Level.PROVINCE, kind="")
    inspector = factories.role_user("inspector-report", "inspector", areas=[other])
    with pytest.raises(NotFound) as error:
        build("2026-Q3", user=inspector)
    assert str(error.value) == (
        "No current unit in your areas has the code “71”: give a province, district or commune code."
    )


def test_a_district_report_covers_only_its_communes(province):
    report = build("2026-Q3", area="711")
    assert line(report, "illegal_users").total.now == 53
    assert [code for code, _n, _f in line(report, "illegal_users").parts] == ["71001", "71002"]


def test_the_command_refuses_an_unknown_period_area_or_format(province, tmp_path, english):
    out = tmp_path / "r.docx"
    with pytest.raises(CommandError, match="“2026-13” is not a period"):
        call_command("province_report", period="2026-13", area="71", fmt="docx", output=str(out), verbosity=0)
    with pytest.raises(CommandError, match="No current unit in your areas has the code “00999”"):
        call_command(
            "province_report", period="2026-Q3", area="00999", fmt="docx", output=str(out), verbosity=0
        )
    with pytest.raises(
        CommandError, match=r"--format: There is no export format “odt”; use one of html, docx, pdf\."
    ):
        call_command("province_report", period="2026-Q3", area="71", fmt="odt", output=str(out), verbosity=0)
    assert not out.exists()
    call_command("province_report", period="2026-Q3", area="71", fmt="docx", output=str(out), verbosity=0)
    assert out.read_bytes()[:2] == b"PK"


def test_the_pdf_opens_and_keeps_the_vietnamese_summary(province, tmp_path):
    report = build("2026-Q3")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(report_pdf(report))
    (tmp_path / "r.html").write_text(report_html(report))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True
    )
    assert list(tmp_path.glob("p*.png"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", " ", text)
    assert report.themes[0].paragraph in flat
    assert "Người sử dụng trái phép chất ma túy" in flat


# --- the web download ------------------------------------------------------------------


def test_the_risk_map_links_to_the_report_of_its_period(province, client):
    client.force_login(factories.role_user("leader-link", "leader", areas=[province["province"]]))
    page = client.get("/maps/risk/?period=2026-09").content.decode()
    assert 'id="province-report" href="/reports/province/?period=2026-09"' in page


def test_the_web_report_covers_the_users_area_only(province, client):
    import docx

    leader = factories.role_user("leader-711", "leader", areas=[province["a"].parent])
    client.force_login(leader)
    response = client.get("/reports/province/?period=2026-Q3&format=docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-711-2026-Q3.docx"'
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Xã Ân" in text and "Xã Bình" in text and "Xã Cường" not in text
    page = client.get("/reports/province/?period=2026-Q3").content.decode()
    assert 'id="download-pdf"' in page and "Xã Cường" not in page
    assert client.get("/reports/province/?period=2026-Q3&area=71").status_code == 404


def test_the_web_report_refuses_an_unknown_period_or_format(province, client, english):
    client.force_login(factories.role_user("leader-bad", "leader", areas=[province["province"]]))
    response = client.get("/reports/province/?period=2026-13")
    assert response.status_code == 400
    assert "“2026-13” is not a period" in response.content.decode()
    response = client.get("/reports/province/?period=2026-Q3&format=odt")
    assert response.status_code == 404
    assert "There is no export format “odt”; use one of html, docx, pdf." in response.content.decode()


@pytest.mark.parametrize("period", ["2026-6M", "2026-9M"])
def test_the_pages_that_read_a_period_answer_six_and_nine_months(province, client, period):
    client.force_login(factories.role_user(f"leader-{period}", "leader", areas=[province["province"]]))
    for url in ("/maps/risk/", "/maps/risk/export.geojson", "/maps/risk/print/", "/maps/planning/"):
        response = client.get(url, {"period": period})
        assert response.status_code in (200, 400), (url, response.status_code)
    assert client.get("/maps/risk/", {"period": period}).status_code == 200
