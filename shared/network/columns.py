"""The columns of the network view, shared by the page and its workbook."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str            # the row's field
    label: str
    sort: str | None    # the sort key of selectors.SORTS, None when not sortable
    group: str = ""

    def cell(self, row: dict):
        """The value a workbook cell holds (numbers stay numbers; no figures -> empty)."""
        value = row.get(self.key)
        if self.key == "name":
            return value
        if isinstance(value, Decimal):
            return float(value)
        return value

    def shown(self, row: dict) -> str:
        """The value as the page prints it: "—" where the committee has no figure."""
        value = row.get(self.key)
        if value is None or (self.key.startswith(("plan_", "items", "reports_", "ideas_", "on_time"))
                             and row.get("year") is None):
            return "—"
        if isinstance(value, Decimal):
            return f"{value.quantize(Decimal('0.1')):f}"
        return str(value)


def columns() -> list[Column]:
    plan, reports, ideas, values = _("工作要点"), _("月报"), _("金点子"), _("指标填报")
    return [
        Column("name", _("政协"), "name"),
        Column("plan_completion", _("计划完成率(%)"), "completion", plan),
        Column("items_with_targets", _("有目标的事项"), None, plan),
        Column("reports_due", _("应报"), None, reports),
        Column("on_time_rate", _("按时率(%)"), "on_time", reports),
        Column("reports_on_time", _("按时报送"), None, reports),
        Column("reports_late", _("逾期报送"), "late", reports),
        Column("reports_overdue", _("逾期未报"), "overdue", reports),
        Column("ideas_recommended", _("推荐"), "recommended", ideas),
        Column("ideas_shortlisted", _("初选"), "shortlisted", ideas),
        Column("ideas_approved", _("审定"), "approved", ideas),
        Column("ideas_commended", _("表扬"), "commended", ideas),
        Column("materials_shared", _("共享交流材料"), "materials"),
        Column("values_accepted", _("已采纳"), "accepted", values),
        Column("values_pending", _("待审核"), "pending", values),
        Column("values_returned", _("已退回"), "returned", values),
        Column("values_missing", _("未报送"), "missing", values),
    ]
