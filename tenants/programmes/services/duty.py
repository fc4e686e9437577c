"""Writes of members' duty records (履职档案)."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.history.services import change_record
from tenants.programmes.duty_selectors import item_label, items_numbered
from tenants.programmes.models import DutyRecord, Item, MonthlyReport, Programme


def _date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValidationError({"date": _("日期格式应为 YYYY-MM-DD。")})
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({"date": _("日期格式应为 YYYY-MM-DD。")}) from None


def duty_item_resolve(*, programme: Programme | None = None, item: Item | None = None,
                      item_number: int | None = None, section_number: int | None = None) -> Item | None:
    """The item a record is linked to: chosen (``item``), or named by its plan's numbering
    (``programme`` + ``item_number``, and ``section_number`` where numbers restart per section).

    Raises ValidationError when the item is not in the plan named, the plan has no such
    number, or the number is ambiguous. Reads only."""
    if item_number is not None:
        if programme is None:
            raise ValidationError({"programme": _("按事项编号关联时，请先选择所属计划。")})
        found = items_numbered(programme=programme, number=item_number, section_number=section_number)
        if not found:
            where = (_("第 %(s)s 部分") % {"s": section_number}) if section_number is not None else ""
            raise ValidationError({"item_number": _("《%(plan)s》%(where)s中没有编号为 %(n)s 的事项。") % {
                "plan": programme.title, "where": where, "n": item_number}})
        if len(found) > 1:
            raise ValidationError({"section": _("《%(plan)s》有 %(count)s 个编号为 %(n)s 的事项（分属不同部分），"
                                                "请同时填写部分序号。") % {
                "plan": programme.title, "count": len(found), "n": item_number}})
        found_item = found[0]
        if item is not None and item.pk != found_item.pk:
            raise ValidationError({"item": _("所选事项与编号 %(n)s 不一致。") % {"n": item_number}})
        return found_item
    if item is not None and programme is not None and item.programme_id != programme.pk:
        raise ValidationError({"item": _("%(item)s 不属于《%(plan)s》。") % {
            "item": item_label(item), "plan": programme.title}})
    return item


@transaction.atomic
def duty_record_add(*, actor=None, member, date, text: str, item: Item | None = None,
                    report: MonthlyReport | None = None, programme: Programme | None = None,
                    item_number: int | None = None, section_number: int | None = None) -> DutyRecord:
    """Record what ``member`` did on ``date``, linked to an item of the committee's plans
    (see ``duty_item_resolve``) or to none.

    Side effects: one DutyRecord, one ChangeLog."""
    date = _date(date)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写履职事项。")})
    item = duty_item_resolve(programme=programme, item=item, item_number=item_number, section_number=section_number)
    record = DutyRecord(member=member, date=date, text=text, item=item or (report.item if report else None),
                        report=report)
    record.full_clean()
    record.save()
    change_record(actor=actor, obj=record, action="create", summary=f"{member.name}履职：{record.text[:60]}")
    return record
