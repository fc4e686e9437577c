"""Printable files: each 申报表 as .docx (the plan's form layout), the commendation list as .xlsx."""
from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tenancy.selectors import organisation_current
from tenants.golden_ideas.models import GoldenIdea, Selection
from tenants.golden_ideas.selectors import commendation_list

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _font(run, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "SimSun"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def _cell(cell, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    lines = (text or "").splitlines() or [""]
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        _font(paragraph.add_run(line), 12, bold)


def idea_form_title(idea: GoldenIdea) -> str:
    return _("%(organisation)s（%(year)s）年度“金点子”申报表") % {
        "organisation": organisation_current().name, "year": idea.selection.year,
    }


def idea_docx(idea: GoldenIdea) -> bytes:
    """The 申报表 of one idea: title, 推荐单位 and 填报时间 lines, then the four-column form table."""
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(idea_form_title(idea)), 18, bold=True)
    _font(document.add_paragraph().add_run(_("推荐单位：%(unit)s") % {"unit": idea.unit.name}), 12)
    filed = idea.filed_on
    _font(document.add_paragraph().add_run(
        _("填报时间：%(y)s 年 %(m)s 月 %(d)s 日") % {"y": filed.year, "m": filed.month, "d": filed.day}), 12)

    confirmation = idea.unit_head_name + (_("（已签字确认）") if idea.unit_head_confirmed else "")
    rows = [
        [(_("名    称"), True), (idea.title, False)],
        [(_("类    别"), True), (idea.category.name, False), (_("申报对象"), True),
         (_("%(applicant)s（%(kind)s）") % {"applicant": idea.applicant, "kind": idea.get_applicant_kind_display()},
          False)],
        [(_("联 系 人"), True), (idea.contact_name, False), (_("联系电话"), True), (idea.contact_phone, False)],
        [(_("推荐理由"), True), (idea.reason, False)],
        [(_("推荐委室负责人签字"), True), (confirmation, False)],
        [(_("初评意见"), True), (idea.preliminary_opinion, False)],
        [(_("主席会审议意见"), True), (idea.chair_opinion, False)],
    ]
    table = document.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        cells = table.rows[r].cells
        if len(row) == 2:  # label, then the value spans the other three columns
            _cell(cells[0], row[0][0], bold=True)
            merged = cells[1].merge(cells[3])
            _cell(merged, row[1][0])
        else:
            for c, (text, bold) in enumerate(row):
                _cell(cells[c], text, bold=bold)
    for row in table.rows:
        row.cells[0].width = Cm(3.5)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


COMMENDATION_HEADERS = [
    gettext_noop("序号"), gettext_noop("名称"), gettext_noop("类别"), gettext_noop("推荐单位"), gettext_noop("申报对象"),
    gettext_noop("联系人"), gettext_noop("联系电话"), gettext_noop("评审数"), gettext_noop("平均总分"), gettext_noop("阶段"),
    gettext_noop("主席会审议意见"),
]


def commendation_xlsx(selection: Selection) -> bytes:
    """The year's commendation list: ideas approved by the chair meeting (拟表扬) or commended."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("表扬名单")
    title = _("%(organisation)s %(year)s 年度“金点子”表扬名单") % {
        "organisation": organisation_current().name, "year": selection.year}
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COMMENDATION_HEADERS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([_(header) for header in COMMENDATION_HEADERS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, idea in enumerate(commendation_list(selection=selection), start=1):
        sheet.append([
            number, idea.title, idea.category.name, idea.unit.name, idea.applicant, idea.contact_name,
            idea.contact_phone, idea.review_count,
            round(idea.average_score, 1) if idea.average_score is not None else None,
            idea.get_stage_display(), idea.chair_opinion,
        ])
    widths = [6, 40, 14, 18, 20, 10, 16, 8, 10, 8, 40]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
