"""Excel files of 比学赶超: league-table export, the reporting template and reading a filled template.

Reading a sheet writes nothing: it returns a preview with one message per
wrong cell; the view saves through services.values_report only when the whole
sheet is clean (which checks every value again).
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from documents.errors import DocumentError
from documents.workbooks import Formula, workbook_rows
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from tenancy.models import Organisation

from . import selectors
from .models import Period, ReportedValue, ValueStatus
from .services import COMPUTED_REFUSAL, Entry, value_parse

MARKER = "CPPCC-BENCHMARK-TEMPLATE-1"
HEADER = [gettext_noop("代码"), gettext_noop("指标"), gettext_noop("单位"), gettext_noop("数值"), gettext_noop("说明")]


def _headers() -> list[list[str]]:
    """The template's header row in Chinese and in English: a template downloaded in one language
    may be uploaded from a page in the other."""
    with translation.override("en"):
        english = [_(h) for h in HEADER]
    return [HEADER, english]
FIRST_ROW = 4
# A filled template has one row per indicator and five columns; a sheet far
# beyond that is refused before its rows are listed (issue 12: a 174 MB sheet).
MAX_ROWS = 5000
MAX_COLUMNS = 200  # declared; only the five of HEADER are read
MAX_UNCOMPRESSED_MB = 20


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: float):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(value, 6)


def league_table_workbook(table: selectors.LeagueTable) -> bytes:
    """The league table as shown, plus the raw values of every indicator on a second sheet."""
    wb = Workbook()
    ws = wb.active
    from .views import AGGREGATION_LABELS, MISSING_LABELS, NORMALISATION_LABELS  # the labels the pages show

    ws.title = _("排名")
    method = table.method
    ws.append([f"{table.group.name} · {table.period.label}",
               _("已发布") if table.published else _("预览（未发布）"),
               " / ".join(str(labels.get(code, code)) for labels, code in (
                   (NORMALISATION_LABELS, method.normalisation), (AGGREGATION_LABELS, method.aggregation),
                   (MISSING_LABELS, method.missing)))])
    title = table.indicator.name if table.indicator else _("综合指数")
    ws.append([_("名次"), _("政协"), title, _("名次区间下限"), _("名次区间上限"), _("平均名次波动"), _("较上期"),
               _("第一方阵")])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        ws.append([row.rank or None, row.organisation.short_name, _cell(row.score), row.band_low or None,
                   row.band_high or None, _cell(row.mean_shift), row.rank_change,
                   _("是") if row.leading else ""])
        if row.leading:
            ws.cell(ws.max_row, 2).fill = PatternFill("solid", fgColor="FDEBD0")
    values = wb.create_sheet(_("指标数值"))
    values.append([_("政协")] + [_("%(name)s（%(unit)s，%(basis)s）") % {
        "name": i.name, "unit": i.unit, "basis": i.get_basis_display()} for i in table.indicators])
    for t, organisation in enumerate(table.organisations):
        values.append([organisation.short_name] + [_cell(float(v)) for v in table.values[t]])
    return _save(wb)


def report_template_workbook(*, viewer: selectors.Viewer, period: Period) -> bytes:
    organisation = viewer.organisation
    wb = Workbook()
    ws = wb.active
    ws.title = _("填报")
    ws.append([MARKER, organisation.region_code, period.pk, period.label, organisation.short_name])
    ws.append([_("请在“数值”列填写本期数值，变化超过上期 3 倍的请在“说明”列写明原因。不要修改第 1 行和“代码”列。")])
    ws.append([_(h) for h in HEADER])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in selectors.report_rows(viewer=viewer, period=period):
        value = row["value"]
        ws.append([row["indicator"].code, row["indicator"].name, row["indicator"].unit,
                   float(value.value) if value else None, value.comment if value else None])
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["E"].width = 30
    return _save(wb)


@dataclass
class SheetPreview:
    sheet_errors: list[str] = field(default_factory=list)
    cell_errors: list[tuple[str, str]] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.sheet_errors and not self.cell_errors and bool(self.entries)


def report_sheet_read(*, viewer: selectors.Viewer, period: Period, content: bytes) -> SheetPreview:
    """Check a filled template against the committee and the period; nothing is saved here."""
    preview = SheetPreview()
    try:
        rows = workbook_rows(content, columns=len(HEADER), max_rows=MAX_ROWS, max_columns=MAX_COLUMNS,
                             max_uncompressed_mb=MAX_UNCOMPRESSED_MB)
    except DocumentError as error:
        preview.sheet_errors.append(_("不是有效的 .xlsx 文件，请使用下载的模板。") if error.code == "corrupt"
                                    else f"{error.message}{_('请使用下载的模板。')}")
        return preview
    head = (rows[0] + [None] * 5)[:5] if rows else [None] * 5
    if head[0] != MARKER or len(rows) < 3 or [str(c or "").strip() for c in rows[2][:5]] not in _headers():
        preview.sheet_errors.append(_("这不是比学赶超填报模板（或表头被修改），请重新下载模板。"))
        return preview
    organisation = viewer.organisation
    if str(head[1]) != organisation.region_code:
        # the committee the file's code belongs to, from the registry (the name in the file may be edited)
        other = Organisation.objects.filter(region_code=str(head[1])).values_list("name", flat=True).first()
        preview.sheet_errors.append(_(
            "这是%(other)s的模板，当前填报的是%(current)s：请在本页下载%(current)s的模板。"
        ) % {"other": other or _("另一个委员会（代码 %(code)s）") % {"code": head[1]},
             "current": organisation.name})
    if str(head[2]) != str(period.pk):
        preview.sheet_errors.append(
            _("这是%(other)s的模板，当前填报的是%(period)s。") % {"other": head[3] or head[2], "period": period.label})
    if preview.sheet_errors:
        return preview
    indicators = {i.code: i for i in selectors.indicator_list(province=viewer.province, level=organisation.level)}
    previous_period = selectors.period_previous(period)
    previous = {}
    if previous_period is not None:
        previous = dict(ReportedValue.objects.filter(organisation=organisation, period=previous_period)
                        .exclude(status=ValueStatus.RETURNED).values_list("indicator__code", "value"))
    current = {code: (value, comment, status, computed_at) for code, value, comment, status, computed_at
               in ReportedValue.objects.filter(organisation=organisation, period=period).values_list(
                   "indicator__code", "value", "comment", "status", "computed_at")}
    published = selectors.publication_get(viewer, period) is not None
    seen = set()
    same = 0
    for offset, row in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW):
        code, name, _unit, raw, comment = (list(row) + [None] * 5)[:5]
        if code is None and raw is None:
            continue
        cell = f"D{offset}"
        indicator = indicators.get(str(code or "").strip())
        if indicator is None:
            preview.cell_errors.append((f"A{offset}", _("未知的指标代码“%(code)s”。") % {"code": code}))
            continue
        if indicator.code in seen:
            preview.cell_errors.append((f"A{offset}", _("指标“%(name)s”出现了两次。") % {"name": indicator.name}))
            continue
        seen.add(indicator.code)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if isinstance(raw, Formula):
            preview.cell_errors.append((cell, _(
                "%(name)s：这个单元格是公式“%(formula)s”，文件中没有它的计算结果（表格未在 Excel 或 WPS 中"
                "计算并保存过）。请填写数字，或在 Excel / WPS 中打开、保存后再上传。"
            ) % {"name": indicator.name, "formula": raw.text}))
            continue
        if isinstance(raw, bool):
            preview.cell_errors.append((cell, _("“%(raw)s”不是数字。") % {"raw": raw}))
            continue
        text = str(raw) if isinstance(raw, str) else repr(raw) if isinstance(raw, float) else str(raw)
        comment = str(comment or "").strip()
        stored = current.get(indicator.code)
        if stored is not None and stored[3] is not None:  # computed by the platform: only as downloaded
            value, messages = value_parse(indicator, text, previous=None, comment=comment, stored=Decimal(stored[0]))
            if messages or value != Decimal(stored[0]) or (stored[1] or "") != comment:
                preview.cell_errors.append((cell, f"{indicator.name}：{COMPUTED_REFUSAL}"))
                continue
        # a row left as downloaded (the stored value) is never refused by the jump rule
        value, messages = value_parse(indicator, text, previous=previous.get(indicator.code), comment=comment,
                                      stored=Decimal(stored[0]) if stored is not None else None)
        for message in messages:
            preview.cell_errors.append((cell, f"{indicator.name}：{message}"))
        if value is None:
            continue
        unchanged = stored is not None and Decimal(stored[0]) == value and (stored[1] or "") == comment
        if unchanged:
            same += 1
        elif published and (stored is None or stored[2] != ValueStatus.RETURNED):
            preview.cell_errors.append((cell, _("%(name)s：%(period)s已发布，只能更正被退回的数值。") % {
                "name": indicator.name, "period": period.label}))
            continue
        preview.rows.append({"cell": cell, "name": indicator.name, "raw": text, "comment": comment})
        preview.entries.append(Entry(indicator_id=indicator.pk, raw=text, comment=comment))
    if not preview.entries and not preview.cell_errors:
        preview.sheet_errors.append(_("表格中没有填写任何数值。"))
    elif preview.entries and same == len(preview.entries) and not preview.cell_errors:
        preview.sheet_errors.append(_("这份表格与已保存的数值完全相同，可能是重复上传，未做任何修改。"))
    return preview
