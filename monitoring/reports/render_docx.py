"""The report as an editable Word document: real headings (Heading 1–3 styles a clerk
can restyle), Word tables in the "Table Grid" style, and the "tasks ahead" section left
for the agency to write."""

import io

from django.utils.translation import gettext as _

from monitoring.reports.content import ProvinceReport
from monitoring.reports.tables import incomplete_notice, report_tables

__all__ = ["report_docx"]


def _header(document, report: ProvinceReport) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grid = document.add_table(rows=2, cols=2)
    cells = [
        (0, 0, report.header.agency, True),
        (1, 0, report.header.number, False),
        (0, 1, _("SOCIALIST REPUBLIC OF VIETNAM") + "\n" + _("Independence – Freedom – Happiness"), True),
        (1, 1, report.header.place_date, False),
    ]
    for row, col, text, bold in cells:
        paragraph = grid.cell(row, col).paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = row == 1 and col == 1


def _styles(document) -> None:
    """Times New Roman 13 pt, black headings: the administrative documents' type (Nghị
    định 30/2020/NĐ-CP); set on the styles, so a clerk changes them in one place."""
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name, style.font.color.rgb = "Times New Roman", RGBColor(0, 0, 0)


def _maps(document, report: ProvinceReport) -> None:
    """Each map as an inline picture, the page's text width, with its caption."""
    from docx.shared import Cm

    if not report.maps:
        return
    document.add_heading(_("III. Maps"), level=1)
    for picture in report.maps:
        document.add_picture(io.BytesIO(picture.png), width=Cm(16))
        document.add_paragraph(picture.title, style="Caption")


def report_docx(report: ProvinceReport) -> bytes:
    from docx import Document

    document = Document()
    _styles(document)
    _header(document, report)
    document.add_heading(_("Report"), level=0)
    document.add_paragraph(report.title).runs[0].bold = True
    if notice := incomplete_notice(report):
        document.add_paragraph(notice)
    document.add_heading(_("I. Summary"), level=1)
    for theme in report.themes:
        paragraph = document.add_paragraph()
        paragraph.add_run(theme.title + ". ").bold = True
        paragraph.add_run(theme.paragraph)
    document.add_heading(_("II. Tables"), level=1)
    for table in report_tables(report):
        document.add_heading(table.title, level=2)
        grid = document.add_table(rows=1, cols=len(table.header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for row in table.rows:
            for cell, text in zip(grid.add_row().cells, row, strict=True):
                cell.text = text
        if table.note:
            document.add_paragraph(table.note)
    _maps(document, report)
    document.add_heading(_("IV. Tasks ahead") if report.maps else _("III. Tasks ahead"), level=1)
    for text in report.tasks_ahead or [_("(To be written by the reporting agency.)")]:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
