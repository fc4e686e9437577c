"""Writes of the monthly reports (月报): filing, review, and their reminder deadlines."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.models import Role
from documents.extraction import DEFAULT_MAX_BYTES
from notifications.models import Kind
from notifications.selectors import recipients_with_role
from notifications.services import notify
from tenancy.selectors import organisation_current
from tenants.history.services import actor_fields, change_record, change_value
from tenants.programmes.models import (
    Item, MonthlyReport, ReportAttachment, ReportState, ReportValue, report_due_on,
)
from tenants.programmes.network_push import network_status_push_later
from tenants.programmes.selectors import items_active_in, report_scope
from tenants.reminders.models import Deadline
from tenants.reminders.services import deadline_close, deadline_register, deadline_withdraw
from tenants.structure.models import Unit

from .values import month_parse, parse_number

MAX_ATTACHMENT_BYTES = DEFAULT_MAX_BYTES  # the one upload limit


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
    are reported; one ChangeLog; filed or re-filed (not edited while waiting):
    a notification to the office's reviewers.
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
            errors.append(f"附件“{upload.name}”超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB 上限。")
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
    if action != "edit":
        _report_notify(report=report, event="filed", actor=actor)
    labels = {"file": "填报", "refile": "修改后重新报送", "edit": "修改"}
    change_record(
        actor=actor, obj=report, action=action, summary=f"{labels[action]}“{item.title}”{month:%Y年%m月}月报",
        changes={"before": old, "after": {"progress": progress, "status": status, "state": report.state}, "values": {str(k): change_value(v) for k, v in parsed.items()}},
    )
    network_status_push_later()  # the province's network view
    return report


@transaction.atomic
def report_return(*, actor=None, report: MonthlyReport, comment: str) -> MonthlyReport:
    """The office sends a report back with a comment. Side effects: the report, one ChangeLog,
    a notification to whoever filed it and the lead unit's staff."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "退回时请写明需要修改的内容。"})
    return _review(actor=actor, report=report, state=ReportState.RETURNED, comment=comment)


@transaction.atomic
def report_accept(*, actor=None, report: MonthlyReport, comment: str = "") -> MonthlyReport:
    """The office accepts a report. Side effects: the report, one ChangeLog, a notification to
    whoever filed it and the lead unit's staff."""
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
    _report_notify(report=locked, event=state, actor=actor)
    network_status_push_later()  # the province's network view
    return locked


# Notifications of a report's events (notifications.services.notify)
_NOTIFY_EVENTS = {
    "filed": (Kind.REPORT_FILED, gettext_noop("“%(item)s”%(month)s 月报待审核"),
              gettext_noop("%(unit)s报送，推进状态：%(status)s。")),
    "returned": (Kind.REPORT_RETURNED, gettext_noop("“%(item)s”%(month)s 月报被退回"),
                 gettext_noop("退回意见：%(comment)s")),
    "accepted": (Kind.REPORT_ACCEPTED, gettext_noop("“%(item)s”%(month)s 月报已采纳"),
                 gettext_noop("审核意见：%(comment)s")),
}


def _report_notify(*, report, event: str, actor=None) -> None:
    """Notify of ``event`` (filed, returned, accepted): filed, the office's reviewers (the
    administrators); returned or accepted, whoever filed it and its lead unit's staff. Never
    the person who acted."""
    kind, title, body = _NOTIFY_EVENTS[event]
    organisation = organisation_current()
    item = report.item
    if event == "filed":
        recipients = set(recipients_with_role(organisation=organisation, roles=[Role.TENANT_ADMIN]))
        url = reverse("programmes:report_review", args=[report.pk])
    else:
        recipients = set(recipients_with_role(organisation=organisation, roles=[Role.UNIT_STAFF],
                                              unit_id=item.lead_unit_id)) if item.lead_unit_id else set()
        if report.filed_by_id:
            recipients.add(report.filed_by_id)
        url = f"{reverse('programmes:report_form', args=[item.pk])}?month={report.month:%Y-%m}"
        if event == "accepted" and not report.reviewer_comment:
            body = ""
    recipients.discard(getattr(actor, "pk", None))
    notify(
        organisation=organisation, recipients=recipients, kind=kind, title=title, body=body, url=url,
        params={"item": item.title, "month": f"{report.month:%Y-%m}",
                "unit": item.lead_unit.name if item.lead_unit_id else "",
                "status": str(report.get_status_display()), "comment": report.reviewer_comment},
    )


# ---------------------------------------------------------------------------
# Reminder deadlines: one per lead unit and month, keyed "<unit id>:<yyyy-mm>"
# ---------------------------------------------------------------------------

DEADLINE_SOURCE = "programmes.monthly_report"


def report_deadline_key(*, unit_id: int, month: dt.date) -> str:
    return f"{unit_id}:{month:%Y-%m}"


def _deadline_title(unit: Unit, month: dt.date) -> str:
    return f"月报：{unit.name} {month.year}年{month.month}月工作进展"


def report_months_open(*, today: dt.date | None = None) -> list[dt.date]:
    """The months whose reports are still to come: last month until its due day, and this month."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    return ([last_month] if today <= report_due_on(last_month) else []) + [this_month]


def _unit_deadline_sync(*, unit: Unit, month: dt.date) -> bool:
    """The unit's deadline for the month, as its items stand: open while one of them is unreported,
    done when all are, withdrawn when the unit leads no item running that month. Returns whether it was created."""
    key = report_deadline_key(unit_id=unit.pk, month=month)
    items = items_active_in(month.year).filter(lead_unit_id=unit.pk)
    if not items.exists():
        deadline_withdraw(source=DEADLINE_SOURCE, key=key)
        return False
    pending = items.exclude(reports__month=month).exists()
    _deadline, created = deadline_register(
        source=DEADLINE_SOURCE, key=key, title=_deadline_title(unit, month), due_on=report_due_on(month),
        unit=unit, done=not pending,
    )
    return created


@transaction.atomic
def report_deadlines_register(*, month, units=None) -> int:
    """Bring the month's report deadlines of the lead units (of ``units``, or all) up to date.

    Each lead unit gets one reminder Deadline (source ``programmes.monthly_report``,
    key ``<unit id>:<yyyy-mm>``) due on the 5th of the next month; the daily
    reminder task (reminders.send) then reminds people, and the dashboard lists
    it while it is due or overdue. A unit that no longer leads an item running
    that month loses its deadline. Idempotent.
    Side effects: tenants.reminders Deadline rows. Returns how many were created.
    """
    month = month_parse(month)
    if units is None:
        leading = list(Unit.objects.filter(led_items__in=items_active_in(month.year)).distinct())
        stale = (
            Deadline.objects.filter(source=DEADLINE_SOURCE, key__endswith=f":{month:%Y-%m}")
            .exclude(unit__in=leading).exclude(unit__isnull=True).select_related("unit")
        )
        units = leading + [deadline.unit for deadline in stale]
    return sum(_unit_deadline_sync(unit=unit, month=month) for unit in units if unit is not None)


@transaction.atomic
def report_deadlines_refresh(*, units=None, today: dt.date | None = None) -> int:
    """Report deadlines of the months still to come (``report_months_open``), for ``units`` or all.

    Called when items or their programme change, and daily by
    ``programmes.report_deadlines_refresh`` for every committee (the safety net).
    Side effects: tenants.reminders Deadline rows. Returns how many were created.
    """
    return sum(report_deadlines_register(month=month, units=units) for month in report_months_open(today=today))


def _deadline_close_if_reported(*, item: Item, month: dt.date) -> None:
    if item.lead_unit_id is None:
        return
    pending = items_active_in(month.year).filter(lead_unit_id=item.lead_unit_id).exclude(reports__month=month)
    if not pending.exists():
        deadline_close(source=DEADLINE_SOURCE, key=report_deadline_key(unit_id=item.lead_unit_id, month=month))
