"""The annual appraisal as files: a workbook of every score, and the .docx notice an office prints."""
from __future__ import annotations

import io

from django.utils.translation import gettext as _

from tenants.history.services import number_text
from tenants.programmes.models import Appraisal, Criterion
from tenants.programmes.selectors_appraisal import RankingRow


def _cell(row: RankingRow, index: int):
    if row.excluded[index]:
        return _("不适用")
    score = row.scores[index]
    return float(score) if score is not None else None


def appraisal_xlsx(appraisal: Appraisal, *, criteria: list[Criterion], ranking: list[RankingRow],
                   status: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("排名")
    sheet.append([appraisal.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([status])
    sheet.append([_("名次"), _("委室"), *[f"{c.name}（{number_text(c.weight)}）" for c in criteria], _("综合得分")])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in ranking:
        sheet.append([row.rank, row.unit.name, *[_cell(row, i) for i in range(len(criteria))], float(row.total)])
    sheet.column_dimensions["B"].width = 28
    about = book.create_sheet(_("评比项"))
    about.append([_("评比项"), _("计分方式"), _("权重")])
    for criterion in criteria:
        about.append([criterion.name, str(criterion.get_source_display()), float(criterion.weight)])
    about.append([])
    about.append([_("自动评分的评比项不适用于某委室时（如其事项均无目标），该项不计入其综合得分，权重按其余各项分配；"
                    "人工评分未填的按 0 分计。")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def appraisal_docx(appraisal: Appraisal, *, criteria: list[Criterion], ranking: list[RankingRow],
                   organisation_name: str, status: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    heading = document.add_heading(f"{organisation_name}{appraisal.title}", level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = document.add_paragraph(status)
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading(_("一、评比项与权重"), level=2)
    for criterion in criteria:
        document.add_paragraph(
            _("%(name)s：权重 %(weight)s，%(source)s") % {
                "name": criterion.name, "weight": number_text(criterion.weight),
                "source": criterion.get_source_display(),
            }, style="List Bullet")

    document.add_heading(_("二、评比结果"), level=2)
    table = document.add_table(rows=1, cols=3 + len(criteria))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("名次"), _("委室"), *[c.name for c in criteria], _("综合得分")]):
        cell.text = text
    for row in ranking:
        shown = [_("不适用") if row.excluded[i] else number_text(row.scores[i]) or "0" for i in range(len(criteria))]
        for cell, text in zip(table.add_row().cells, [str(row.rank), row.unit.name, *shown, number_text(row.total)]):
            cell.text = text
    if not ranking:
        document.add_paragraph(_("尚未评分。"))
    document.add_paragraph(_("注：自动评分的评比项不适用于某委室时（如其事项均无目标），该项不计入其综合得分；"
                             "人工评分未填的按 0 分计。"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
