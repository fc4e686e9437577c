"""Files an office files: the year's register (提案登记表) with its figures as .xlsx, and each proposal
with its answers as .docx in the usual layout (提案 form: 案由, 提案人, 分类, the three parts; then
each answer with its reply number and outcome)."""
from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tenancy.selectors import organisation_current
from tenants.proposals.models import Answer, Proposal, ProposalYear, Satisfaction, Status
from tenants.proposals.statistics import YearFigures

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _signers(proposal: Proposal) -> str:
    if proposal.is_group:
        return proposal.group_name
    return "、".join(s.member.name for s in proposal.signers.all() if s.is_confirmed)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def register_xlsx(year: ProposalYear, figures: YearFigures) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("提案登记")
    headers = [_("提案号"), _("案由"), _("提案人"), _("提案者类别"), _("分类"), _("状态"), _("重点提案"),
               _("承办单位"), _("答复期限"), _("答复日期"), _("办理结果"), _("评价"), _("优秀提案")]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = (Proposal.objects.filter(year=year).exclude(status=Status.DRAFT)
            .select_related("category").prefetch_related("signers__member", "assignments__handling_unit",
                                                         "answers__ratings"))
    for p in sorted(rows, key=lambda p: (not p.number.isdigit(), int(p.number) if p.number.isdigit() else 0, p.pk)):
        current = [a for a in p.assignments.all() if a.round == p.round and a.withdrawn_at is None]
        answers = [a for a in p.answers.all() if a.round == p.round and a.state == Answer.State.DELIVERED]
        ratings = [str(Satisfaction(r.satisfaction).label) for a in answers for r in a.ratings.all()]
        sheet.append([
            p.number, p.title, _signers(p), str(p.get_origin_display()), p.category.name if p.category else "",
            str(p.get_status_display()), _("是") if p.is_key else "",
            "；".join(f"{a.handling_unit.name}（{a.get_role_display()}）" for a in current),
            p.answer_due_on, p.answered_on, "、".join(a.outcome for a in answers if a.outcome),
            "、".join(ratings), _("是") if p.is_excellent else "",
        ])
    for column, width in zip("ABCDEFGHIJKLM", (8, 40, 24, 12, 12, 10, 8, 36, 12, 12, 10, 16, 8)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in (row[8], row[9]):
            cell.number_format = "yyyy-mm-dd"

    summary = book.create_sheet(_("年度统计"))
    lines = [
        (_("提交提案"), figures.submitted), (_("立案"), figures.accepted), (_("不予立案"), figures.declined),
        (_("转为意见建议"), figures.forwarded), (_("并案"), figures.merged), (_("重点提案"), figures.key),
        (_("已答复"), figures.answered), (_("按期办复率"), _percent(figures.on_time_rate)),
        (_("满意率（满意和基本满意）"), _percent(figures.satisfaction_rate)),
        (_("A 类：已解决或采纳"), figures.outcomes.get("A", 0)), (_("B 类：正在解决或列入计划"), figures.outcomes.get("B", 0)),
        (_("C 类：留作参考"), figures.outcomes.get("C", 0)), (_("优秀提案"), figures.excellent),
    ]
    summary.append([_("项目"), _("数值")])
    for label, value in lines:
        summary.append([str(label), value])
    summary.append([])
    summary.append([_("承办单位"), _("交办件数"), _("主办或分办"), _("已答复"), _("逾期未答复")])
    for unit in figures.units:
        summary.append([unit.name, unit.assigned, unit.lead, unit.answered, unit.overdue])
    for index, width in enumerate((28, 12, 12, 10, 12), start=1):
        summary.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _font(run, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "SimSun"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def _heading(document, text: str) -> None:
    _font(document.add_paragraph().add_run(text), 14, bold=True)


def _paragraphs(document, text: str) -> None:
    for line in (text or "").splitlines():
        if line.strip():
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Cm(0.74)
            _font(paragraph.add_run(line.strip()), 12)


def proposal_docx(proposal: Proposal) -> bytes:
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.6)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(_("%(organisation)s提案") % {"organisation": organisation_current().name}), 18, bold=True)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in (
        (_("提案号"), proposal.number or "—"), (_("案由"), proposal.title), (_("提案人"), _signers(proposal)),
        (_("提案者类别"), str(proposal.get_origin_display())),
        (_("分类"), proposal.category.name if proposal.category else "—"),
        (_("状态"), str(proposal.get_status_display())),
    ):
        cells = table.add_row().cells
        _font(cells[0].paragraphs[0].add_run(str(label)), 12, bold=True)
        _font(cells[1].paragraphs[0].add_run(value), 12)
    for label, text in ((_("基本情况"), proposal.situation), (_("问题分析"), proposal.analysis),
                        (_("具体建议"), proposal.suggestions)):
        if text:
            _heading(document, str(label))
            _paragraphs(document, text)
    for answer in proposal.answers.filter(state=Answer.State.DELIVERED).select_related("handling_unit"):
        document.add_page_break()
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(heading.add_run(_("%(unit)s关于第 %(number)s 号提案的答复") % {
            "unit": answer.handling_unit.name, "number": proposal.number}), 16, bold=True)
        _font(document.add_paragraph().add_run(answer.reply_number), 12)
        if answer.outcome:
            _font(document.add_paragraph().add_run(str(answer.get_outcome_display())), 12, bold=True)
        _paragraphs(document, answer.text)
        if answer.contact:
            _font(document.add_paragraph().add_run(_("联系人及电话：%(contact)s") % {"contact": answer.contact}), 12)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
