"""Members' yearly 履职 summaries as files an office prints or files: a member's .docx (for the
联络委员会) and the committee's .xlsx (one row per member, counts by kind)."""
from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.programmes.duty_selectors import (
    GOLDEN_IDEA_KIND, CommitteeRow, MemberSummary, item_label, kind_labels,
)


def _member_line(summary: MemberSummary) -> list[tuple[str, str]]:
    member = summary.member
    return [
        (_("委员"), member.name),
        (_("界别"), member.sector.name),
        (_("联系委室"), member.unit.name if member.unit_id else "—"),
        (_("工作单位及职务"), member.affiliation or "—"),
        (_("常委"), _("是") if member.is_standing else _("否")),
        (_("年度"), str(summary.year)),
    ]


def member_summary_docx(summary: MemberSummary, *, organisation_name: str = "") -> bytes:
    """Heading; the member, sector and year; a table of counts by kind; then each kind's activities."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    title = document.add_heading(
        _("%(org)s委员%(year)s年度履职情况") % {"org": organisation_name, "year": summary.year}, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER

    facts = document.add_table(rows=0, cols=4)
    facts.style = "Table Grid"
    pairs = _member_line(summary)
    for first, second in zip(pairs[0::2], pairs[1::2]):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = first
        cells[2].text, cells[3].text = second

    document.add_heading(_("一、履职情况统计"), level=2)
    counts = document.add_table(rows=1, cols=2)
    counts.style = "Table Grid"
    counts.rows[0].cells[0].text, counts.rows[0].cells[1].text = _("类别"), _("次数")
    for group in summary.groups:
        cells = counts.add_row().cells
        cells[0].text, cells[1].text = group.label, str(group.count)
    cells = counts.add_row().cells
    cells[0].text, cells[1].text = _("合计"), str(summary.total)

    document.add_heading(_("二、履职活动"), level=2)
    listed = [group for group in summary.groups if group.count]
    if not listed:
        document.add_paragraph(_("本年度尚无履职记录。"))
    for group in listed:
        document.add_heading(f"{group.label}（{group.count}）", level=3)
        for entry in group.records:
            if group.kind == GOLDEN_IDEA_KIND:
                text = _("%(title)s（%(category)s，%(stage)s）") % {
                    "title": entry.title, "category": entry.category.name, "stage": entry.get_stage_display()}
            else:
                text = f"{entry.date:%Y-%m-%d}　{entry.text_shown}"
                if entry.item_id:
                    text += _("（关联：%(item)s）") % {"item": item_label(entry.item)}
            document.add_paragraph(text, style="List Bullet")

    footer = document.add_paragraph(_("导出日期：%(day)s") % {"day": f"{timezone.localdate():%Y-%m-%d}"})
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def committee_summary_xlsx(rows: list[CommitteeRow], *, year: int, organisation_name: str = "") -> bytes:
    """A title row, a header (委员, 界别, 联系委室, one column per kind, 合计), one row per member, a totals row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    kinds = kind_labels()
    book = Workbook()
    sheet = book.active
    sheet.title = _("委员履职统计")
    sheet.append([_("%(org)s委员%(year)s年度履职统计") % {"org": organisation_name, "year": year}])
    sheet["A1"].font = Font(bold=True, size=14)
    header = [_("委员"), _("界别"), _("联系委室"), *[label for _kind, label in kinds], _("合计")]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        member = row.member
        sheet.append([member.name, member.sector.name, member.unit.name if member.unit_id else None,
                      *[row.counts[kind] for kind, _label in kinds], row.total])
    totals = [sum(row.counts[kind] for row in rows) for kind, _label in kinds]
    sheet.append([_("合计"), None, None, *totals, sum(totals)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B3"
    for index, width in enumerate([12, 14, 18, *[12] * len(kinds), 8], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
