"""Writes of the monthly reports (月报): filing, review, and their reminder deadlines."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tenants.history.services import actor_fields, change_record, change_value
from tenants.programmes.models import (
    Item, MonthlyReport, ReportAttachment, ReportState, ReportValue, report_due_on,
)
from tenants.programmes.selectors import items_active_in, report_scope
from tenants.structure.models import Unit

from .values import month_parse, parse_number

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@transaction.atomic
def report_file(
    *, actor=None, item: Item, month, progress: str, status: str, values: dict | None = None,
    attachments=(),
) -> MonthlyReport:
    """File (or re-file after it was returned) the item's report for a month.

    ``values`` maps target ids to the actual value reached. An accepted
    report can no longer change. Bad numbers, a month outside the item's
    period, an unknown status or an oversized attachment: ValidationError,
    nothing written. Lead units report on their own items: unit staff whose
    membership names their unit may file only for items that unit leads
    (``selectors.ReportScope``), anyone else is refused with PermissionDenied;
    tenant admins, unit staff with no unit on record and the system
    (``actor=None``) may file for any item.
    Side effects: MonthlyReport, ReportValue and ReportAttachment rows; the
    unit's reminder Deadline for the month is marked done once all its items
    are reported; one ChangeLog.
    """
    refusal = report_scope(actor).refusal(item)
    if refusal:
        raise PermissionDenied(refusal)
    month = month_parse(month)
    progress = (progress or "").strip()
    if not progress:
        raise ValidationError({"progress": "请填写工作进展。"})
    if status not in MonthlyReport.Status.values:
        raise ValidationError({"status": "请选择推进状态。"})
    report = MonthlyReport.objects.select_for_update().filter(item=item, month=month).first()
    action = "file"
    if report is None:
        report = MonthlyReport(item=item, month=month)
    elif report.state == ReportState.ACCEPTED:
        raise ValidationError("该月报已采纳，不能再修改。")
    else:
        action = "refile" if report.state == ReportState.RETURNED else "edit"
    old = {"progress": report.progress, "status": report.status, "state": report.state}
    report.progress = progress
    report.status = status
    report.state = ReportState.SUBMITTED
    report.filed_at = timezone.now()
    fields = actor_fields(actor)
    report.filed_by_id, report.filed_by_name = fields["user_id"], fields["user_name"]
    report.full_clean()

    targets = {t.pk: t for t in item.targets.filter(year=month.year)}
    parsed: dict[int, Decimal] = {}
    errors = []
    for key, raw in (values or {}).items():
        try:
            target = targets[int(key)]
        except (KeyError, ValueError, TypeError):
            errors.append("完成值对应的目标不存在或不属于该年度。")
            continue
        if raw in (None, ""):
            continue
        try:
            parsed[target.pk] = parse_number(raw, label=f"{target.indicator}完成值")
        except ValidationError as error:
            errors.extend(error.messages)
    for upload in attachments:
        if upload.size > MAX_ATTACHMENT_BYTES:
            errors.append(f"附件“{upload.name}”超过 20 MB 上限。")
    if errors:
        raise ValidationError({"values": errors})
    report.save()
    for target_id, actual in parsed.items():
        ReportValue.objects.update_or_create(report=report, target_id=target_id, defaults={"actual": actual})
    for upload in attachments:
        attachment = ReportAttachment(report=report, name=upload.name[:200])
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
    _deadline_close_if_reported(item=item, month=month)
    labels = {"file": "填报", "refile": "修改后重新报送", "edit": "修改"}
    change_record(
        actor=actor, obj=report, action=action, summary=f"{labels[action]}“{item.title}”{month:%Y年%m月}月报",
        changes={"before": old, "after": {"progress": progress, "status": status, "state": report.state}, "values": {str(k): change_value(v) for k, v in parsed.items()}},
    )
    return report


@transaction.atomic
def report_return(*, actor=None, report: MonthlyReport, comment: str) -> MonthlyReport:
    """The office sends a report back with a comment. Side effects: the report, one ChangeLog."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "退回时请写明需要修改的内容。"})
    return _review(actor=actor, report=report, state=ReportState.RETURNED, comment=comment)


@transaction.atomic
def report_accept(*, actor=None, report: MonthlyReport, comment: str = "") -> MonthlyReport:
    """The office accepts a report. Side effects: the report, one ChangeLog."""
    return _review(actor=actor, report=report, state=ReportState.ACCEPTED, comment=(comment or "").strip())


def _review(*, actor, report: MonthlyReport, state: str, comment: str) -> MonthlyReport:
    locked = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if locked.state != ReportState.SUBMITTED:
        raise ValidationError(f"该月报当前状态为“{locked.get_state_display()}”，不能再审核。")
    locked.state = state
    locked.reviewer_comment = comment
    locked.reviewed_at = timezone.now()
    locked.reviewed_by_name = actor_fields(actor)["user_name"]
    locked.full_clean()
    locked.save(update_fields=["state", "reviewer_comment", "reviewed_at", "reviewed_by_name"])
    verb = "退回" if state == ReportState.RETURNED else "采纳"
    change_record(
        actor=actor, obj=locked, action=state, summary=f"{verb}“{locked.item.title}”{locked.month:%Y年%m月}月报",
        changes={"state": [ReportState.SUBMITTED, state], "comment": comment},
    )
    return locked


def _deadline_title(unit: Unit, month: dt.date) -> str:
    return f"月报：{unit.name} {month.year}年{month.month}月工作进展"


@transaction.atomic
def report_deadlines_register(*, month) -> int:
    """Register the month's report due date of each lead unit as a reminder Deadline.

    The daily reminder task (reminders.send) then reminds people, and the
    dashboard lists it while it is due or overdue. Idempotent.
    Side effects: up to one tenants.reminders Deadline per lead unit. Returns how many were created.
    """
    from tenants.reminders.models import Deadline
    from tenants.reminders.services import deadline_create

    month = month_parse(month)
    units = Unit.objects.filter(led_items__in=items_active_in(month.year)).distinct()
    created = 0
    for unit in units:
        title = _deadline_title(unit, month)
        if Deadline.objects.filter(title=title, unit=unit).exists():
            continue
        deadline_create(title=title, due_on=report_due_on(month), unit=unit)
        created += 1
    return created


def _deadline_close_if_reported(*, item: Item, month: dt.date) -> None:
    from tenants.reminders.models import Deadline

    if item.lead_unit_id is None:
        return
    pending = items_active_in(month.year).filter(lead_unit_id=item.lead_unit_id).exclude(
        reports__month=month
    )
    if not pending.exists():
        Deadline.objects.filter(title=_deadline_title(item.lead_unit, month), unit_id=item.lead_unit_id).update(done=True)
