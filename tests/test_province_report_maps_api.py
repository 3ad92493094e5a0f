"""The province report's maps, classification detail, template, progress and REST API, on
the hand-made province of ``test_province_report``: two map pictures in the PDF, the
DOCX and the HTML; border communes and proposals that differ from the official class as
the selectors give them; the administrator's header and tasks ahead; a step per line
from the command; the API's files and its JSON errors."""

import datetime
import io
import re
import subprocess

import docx
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from geo.models import AdminUnit
from monitoring.criteria.selectors import classification_proposals
from monitoring.figures.periods import Period
from monitoring.models import DrugClass, ReportTemplate
from monitoring.reports.content import province_report_build
from monitoring.reports.formats import REPORT_FORMATS
from monitoring.reports.render_docx import report_docx
from monitoring.reports.render_html import report_html
from monitoring.reports.render_pdf import report_pdf
from monitoring.reports.tables import report_tables
from tests import factories
from tests import test_province_report as base

TODAY, build = base.TODAY, base.build
province, english = base.province, base.english  # the hand-made province and English, as fixtures

DOCX = REPORT_FORMATS["docx"][1]


def table(report, key):
    (found,) = [t for t in report_tables(report) if t.key == key]
    return found


def test_the_pdf_docx_and_html_hold_the_rate_and_classification_maps(province, tmp_path):
    report = build("2026-Q3")
    assert [m.measure for m in report.maps] == ["rate:illegal_users", "classification"]
    assert all(m.png[:8] == b"\x89PNG\r\n\x1a\n" for m in report.maps)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(report_pdf(report))
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True)
    images = [row.split() for row in listing.stdout.splitlines()[2:]]
    assert len([row for row in images if row[2] == "image"]) == 2
    document = docx.Document(io.BytesIO(report_docx(report)))
    assert len(document.inline_shapes) == 2
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [m.title for m in report.maps]
    page = report_html(report)
    assert page.count('<img src="data:image/png;base64,') == 2
    assert 'id="map-rate"' in page and 'id="map-classification"' in page


def test_a_report_without_maps_leaves_the_section_out(province):
    report = province_report_build(period=Period.parse("2026-Q3"), area_code="71", today=TODAY, maps=False)
    assert report.maps == [] and "map-rate" not in report_html(report)
    assert not docx.Document(io.BytesIO(report_docx(report))).inline_shapes


def test_border_communes_carry_their_class_and_figures(province, english):
    AdminUnit.objects.filter(code__in=["71001", "71003"]).update(is_border=True)
    report = build("2026-Q3")
    rows = table(report, "border").rows
    # users at September's end (a stock) against the same month last year
    labels = dict(DrugClass.choices)
    assert rows == [
        ["Xã Cường", str(labels["type_1"]), "people", "50", "44", "+6", "+13.6 %"],
        ["Xã Ân", str(labels["drug_free"]), "people", "40", "32", "+8", "+25 %"],
    ]
    assert {r[0] for r in rows} == {"Xã Ân", "Xã Cường"} and "Xã Bình" not in str(rows)


def test_proposals_that_differ_from_the_official_class_are_listed(province):
    report = build("2026-Q3")
    communes = AdminUnit.objects.filter(code__in=["71001", "71002", "71003"]).order_by("name", "code")
    differing = [
        p.unit.name for p in classification_proposals(year=2026, units=communes) if p.agrees is False
    ]
    assert differing, "the hand-made province has a proposal that differs"
    assert [row[0] for row in table(report, "disagreements").rows] == differing
    agreeing = {p.unit.name for p in classification_proposals(year=2026, units=communes) if p.agrees}
    assert not agreeing & {row[0] for row in table(report, "disagreements").rows}


def test_the_administrators_template_sets_the_header_and_the_tasks_ahead(province):
    ReportTemplate.objects.create(agency="BAN CHỈ ĐẠO TỈNH THỬ", place="Thử")
    ReportTemplate.objects.create(
        unit=province["province"],
        agency="ỦY BAN NHÂN DÂN TỈNH THỬ",
        number="Số: 12/BC-UBND",
        tasks_ahead="Tăng cường kiểm tra cơ sở kinh doanh.\n\nRà soát người nghiện.",
    )
    report = build("2026-Q3")
    assert report.header.agency == "ỦY BAN NHÂN DÂN TỈNH THỬ"
    assert report.header.number == "Số: 12/BC-UBND"
    assert report.header.place == "Tỉnh Thử"  # the unit's own template leaves it empty: the unit's name
    district = build("2026-Q3", area="711")  # no template of its own: the default one
    assert district.header.agency == "BAN CHỈ ĐẠO TỈNH THỬ" and district.header.place == "Thử"
    paragraphs = docx.Document(io.BytesIO(report_docx(report))).paragraphs
    last_heading = max(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1")
    tasks = [p.text for p in paragraphs[last_heading + 1 :]]
    assert tasks[:2] == ["Tăng cường kiểm tra cơ sở kinh doanh.", "Rà soát người nghiện."]
    assert "<p>Rà soát người nghiện.</p>" in report_html(report)


def test_the_command_prints_each_step(province, tmp_path, english):
    err = io.StringIO()
    call_command(
        "province_report",
        period="2026-Q3",
        area="71",
        fmt="html",
        output=str(tmp_path / "r.html"),
        stderr=err,
    )
    lines = err.getvalue().splitlines()
    steps = [line.split("] ", 1)[1] for line in lines if line.startswith("[")]
    assert steps == [
        "Indicators of 3 communes…",
        "Establishments and counselling points…",
        "Classification, border communes and proposals…",
        "Data state…",
        "Maps…",
        "Writing HTML…",
    ]
    assert lines[-1].endswith("bytes")


# --- the REST API --------------------------------------------------------------------


def api(client, user, **params):
    token = Token.objects.get_or_create(user=user)[0].key
    return client.get("/api/reports/province/", params, HTTP_AUTHORIZATION=f"Token {token}")


def test_the_api_writes_the_report_of_the_users_area(province, client):
    leader = factories.role_user("leader-api-711", "leader", areas=[province["a"].parent])
    response = api(client, leader, period="2026-Q3", format="docx")
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-711-2026-Q3.docx"'
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Xã Ân" in text and "Xã Cường" not in text
    pdf = api(client, leader, period="2026-Q3")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    page = api(client, leader, period="2026-Q3", format="html")
    assert page["Content-Type"].startswith("text/html") and "Xã Bình" in page.content.decode()


def test_the_api_protects_small_counts(province, client):
    leader = factories.role_user("leader-api-71", "leader", areas=[province["province"]])
    body = api(client, leader, period="2026-10", format="html").content.decode()
    expected = report_html(build("2026-10", user=leader))

    def text(page):  # the report's text; a map picture is stamped with the minute it was drawn
        return re.sub(r"data:image/png;base64,[^\"]+", "", page.split("<h2>", 1)[1])

    assert "&lt;5" in body and text(body) == text(expected)


def test_the_api_answers_clear_json_errors(province, client, english):
    leader = factories.role_user("leader-api-err", "leader", areas=[province["a"].parent])
    cases = [
        ({"period": "2026-13"}, 400, "invalid", "period"),
        ({"period": "2026-Q3", "format": "odt"}, 404, "not_found", "format"),
        ({"period": "2026-Q3", "area": "71"}, 404, "not_found", "area"),
        ({"period": "2026-Q3", "area": "00999"}, 404, "not_found", "area"),
    ]
    for params, status, code, parameter in cases:
        response = api(client, leader, **params)
        assert response.status_code == status, params
        body = response.json()
        assert (body["code"], body["parameter"]) == (code, parameter), body
    assert (
        "There is no export format “odt”; use one of html, docx, pdf."
        in api(client, leader, format="odt").json()["detail"]
    )
    assert "“2026-13” is not a period" in api(client, leader, period="2026-13").json()["detail"]
    nobody = factories.role_user("no-role", "reporter", areas=[province["a"].parent])
    nobody.user_permissions.clear()
    nobody.groups.clear()
    assert api(client, nobody, period="2026-Q3").status_code == 403
    assert client.get("/api/reports/province/").status_code in (401, 403)


# --- former districts ------------------------------------------------------------------


def test_a_period_before_july_2025_is_tabled_by_the_former_districts(db):
    from geo.models import Level
    from monitoring.models import CaseCount, Indicator

    square = base.square
    reform = datetime.date(2025, 7, 1)
    p = factories.unit(
        "81", square(106, 9, 0.03), level=Level.PROVINCE, kind="", name="Tỉnh Mới", valid_from=reform
    )
    # The old version: the same province code with its districts, valid until the reform.
    old = factories.unit(
        "81", square(106, 9, 0.03), level=Level.PROVINCE, kind="", name="Tỉnh Cũ", valid_to=reform
    )
    for code, x, name in [("811", 106, "Huyện Cũ Một"), ("812", 106.02, "Huyện Cũ Hai")]:
        factories.unit(
            code,
            square(x, 9, 0.02 if code == "811" else 0.01),
            level=Level.DISTRICT,
            kind="",
            parent=old,
            name=name,
            valid_to=reform,
        )
    # A neighbouring province's old district overlapping the communes is not a former district.
    other = factories.unit(
        "82", square(106, 9, 0.03), level=Level.PROVINCE, kind="", name="Tỉnh Bên", valid_to=reform
    )
    factories.unit(
        "821",
        square(106, 9, 0.03),
        level=Level.DISTRICT,
        kind="",
        parent=other,
        name="Huyện Bên",
        valid_to=reform,
    )
    a = factories.unit("81001", square(106, 9), parent=p, name="Xã Một", valid_from=reform)
    b = factories.unit("81002", square(106.01, 9), parent=p, name="Xã Hai", valid_from=reform)
    c = factories.unit("81003", square(106.02, 9), parent=p, name="Xã Ba", valid_from=reform)
    users = Indicator.objects.get(code="illegal_users")
    for month in (datetime.date(2025, 3, 1), datetime.date(2025, 9, 1)):
        for unit, value in ((a, 10), (b, 20), (c, 40)):
            CaseCount.objects.create(unit=unit, period=month, indicator=users, value=value)
    before = province_report_build(period=Period.parse("2025-Q1"), area_code="81", today=TODAY, maps=False)
    (line,) = [x for x in before.indicators if x.code == "illegal_users"]
    assert before.parts_are_districts
    assert [(code, name, f.now) for code, name, f in line.parts] == [
        ("811", "Huyện Cũ Một", 30),
        ("812", "Huyện Cũ Hai", 40),
    ]
    after = province_report_build(period=Period.parse("2025-Q3"), area_code="81", today=TODAY, maps=False)
    (line,) = [x for x in after.indicators if x.code == "illegal_users"]
    assert not after.parts_are_districts
    assert [code for code, _n, _f in line.parts] == ["81001", "81002", "81003"]
