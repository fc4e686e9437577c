"""Writes of members' duty records (履职档案)."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from tenants.history.services import change_record
from tenants.programmes.models import DutyRecord, Item, MonthlyReport



@transaction.atomic
def duty_record_add(*, actor=None, member, date, text: str, item: Item | None = None,
                    report: MonthlyReport | None = None) -> DutyRecord:
    """Side effects: one DutyRecord, one ChangeLog."""
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise ValidationError({"date": "日期格式应为 YYYY-MM-DD。"}) from None
    record = DutyRecord(member=member, date=date, text=(text or "").strip(), item=item or (report.item if report else None),
                        report=report)
    record.full_clean()
    record.save()
    change_record(actor=actor, obj=record, action="create", summary=f"{member.name}履职：{record.text[:60]}")
    return record
