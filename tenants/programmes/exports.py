"""The quarterly showcase as files an office circulates: .xlsx (openpyxl) and a printable .docx."""
from __future__ import annotations

import io

from django.utils.translation import gettext as _

from tenants.history.services import number_text
from tenants.programmes.selectors import Showcase


def _pct(value) -> str:
    return "—" if value is None else f"{number_text(value)}%"


def _unit_header() -> list[str]:
    return [_("委室"), _("事项数"), _("已完成"), _("按计划推进"), _("存在风险"), _("滞后"), _("未报送"),
            _("目标完成率(%)")]


def showcase_xlsx(showcase: Showcase) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("按委室")
    header = _unit_header()
    sheet.append([showcase.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(header)
    for group in showcase.by_unit:
        sheet.append([group.name, group.items, group.done, group.on_track, group.at_risk, group.late,
                      group.missing, float(group.completion) if group.completion is not None else None])
    programmes = book.create_sheet(_("按项目"))
    programmes.append([_("项目"), *header[1:]])
    for group in showcase.by_programme:
        programmes.append([group.name, group.items, group.done, group.on_track, group.at_risk, group.late,
                           group.missing, float(group.completion) if group.completion is not None else None])
    items = book.create_sheet(_("事项明细"))
    items.append([_("项目"), _("编号"), _("事项"), _("牵头委室"), _("状态"), _("目标完成率(%)"), _("最新进展")])
    for group in showcase.by_programme:
        for line in group.lines:
            items.append([
                group.name, line.item.number, line.item.title,
                line.item.lead_unit.name if line.item.lead_unit else "", line.status_label,
                float(line.completion) if line.completion is not None else None,
                line.report.progress if line.report else "",
            ])
    for ws in (sheet, programmes, items):
        ws.column_dimensions["A"].width = 28
        for row in ws.iter_rows(min_row=1, max_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=False)
    items.column_dimensions["C"].width = 40
    items.column_dimensions["G"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def showcase_docx(showcase: Showcase, *, organisation_name: str = "") -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    heading = document.add_heading(f"{organisation_name}{showcase.title}", level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading(_("一、各委室推进情况"), level=2)
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("委室"), _("事项"), _("已完成"), _("存在风险"), _("滞后/未报"), _("目标完成率")]):
        cell.text = text
    for group in showcase.by_unit:
        cells = table.add_row().cells
        for cell, text in zip(cells, [group.name, str(group.items), str(group.done), str(group.at_risk),
                                      str(group.late + group.missing), _pct(group.completion)]):
            cell.text = text

    document.add_heading(_("二、各项目推进情况"), level=2)
    for group in showcase.by_programme:
        document.add_paragraph(_(
            "%(name)s：共 %(items)s 项，已完成 %(done)s 项，按计划推进 %(on_track)s 项，"
            "存在风险 %(at_risk)s 项，滞后或未报送 %(late)s 项，目标完成率 %(completion)s。"
        ) % {"name": group.name, "items": group.items, "done": group.done, "on_track": group.on_track,
             "at_risk": group.at_risk, "late": group.late + group.missing, "completion": _pct(group.completion)})

    document.add_heading(_("三、需要督促的事项"), level=2)
    late = showcase.late
    if not late:
        document.add_paragraph(_("本季度没有滞后事项。"))
    for line in late:
        unit = line.item.lead_unit.name if line.item.lead_unit else _("未定牵头委室")
        document.add_paragraph(_("%(programme)s · %(item)s（%(unit)s）：%(status)s") % {
            "programme": line.item.programme.title, "item": line.item.title, "unit": unit,
            "status": line.status_label}, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
