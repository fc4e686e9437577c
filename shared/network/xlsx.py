"""The network view as a workbook the provincial office circulates."""
from __future__ import annotations

import io

from django.utils.translation import gettext as _

from .columns import columns


def network_xlsx(*, title: str, period_label: str, rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("各政协")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("指标填报统计期：%(p)s") % {"p": period_label}])
    heads = columns()
    sheet.append([str(c.label) for c in heads])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([c.cell(row) for c in heads])
    sheet.column_dimensions["A"].width = 28
    sheet.freeze_panes = "B4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
