"""The office's part: edit a report (the text before each edit kept), decide 采用 / 不采用, forward it upward."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.opinions.models import OpinionReport, OpinionSettings, Revision, Status
from tenants.opinions.selectors import TEXT_FIELDS, bulletin_next_issue, opinion_settings
from tenants.opinions.services import moved, office_required, recorded
from tenants.opinions.services.submission import text_clean

EDITABLE_STATES = (Status.SUBMITTED, Status.USED)


@transaction.atomic
def report_edit(*, actor, report: OpinionReport, note: str = "", **values) -> OpinionReport:
    """The office edits a report still to decide or used (not yet forwarded). The text before the edit
    is kept as a Revision, so the author sees what was changed. An edit that changes nothing is refused.
    Side effects: the report's text; one Revision; one ChangeLog naming the fields changed."""
    office_required(actor)
    report = OpinionReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in EDITABLE_STATES:
        raise ValidationError(_("这份信息当前为“%(state)s”，不能再编辑。") % {"state": report.get_status_display()},
                              code="out_of_turn")
    new = text_clean({name: values.get(name, getattr(report, name)) for name in TEXT_FIELDS})
    changed = [name for name in TEXT_FIELDS if new[name] != getattr(report, name)]
    if not changed:
        raise ValidationError(_("内容没有改动。"), code="unchanged")
    Revision.objects.create(report=report, note=(note or "").strip()[:200],
                            edited_by_user_id=getattr(actor, "pk", None),
                            **{name: getattr(report, name) for name in TEXT_FIELDS})
    for name in changed:
        setattr(report, name, new[name])
    report.edited_at = timezone.now()
    report.full_clean()
    report.save()
    labels = "、".join(str(OpinionReport._meta.get_field(name).verbose_name) for name in changed)
    recorded(actor=actor, report=report, action="edit", summary=_("编辑：%(fields)s") % {"fields": labels},
             changes={"fields": changed})
    return report


@transaction.atomic
def report_decide(*, actor, report: OpinionReport, use: bool, reason: str = "") -> OpinionReport:
    """采用 (the year's next issue of the committee's bulletin) or 不采用 with a reason, once.

    Two decisions at once give one: the loser is told the report's state. Issue numbers are handed out
    under a lock on the settings row, so two reports used at once never share a number.
    Side effects: state, decision and issue; one ChangeLog; the author notified."""
    office_required(actor)
    reason = (reason or "").strip()
    if not use and not reason:
        raise ValidationError({"reason": _("不采用须写明理由（报送者会看到）。")})
    now = timezone.now()
    common = {"decided_at": now, "decided_by_user_id": getattr(actor, "pk", None), "updated_at": now}
    if use:
        opinion_settings()
        settings = OpinionSettings.objects.select_for_update().get(pk=1)
        year = timezone.localdate().year
        issue = bulletin_next_issue(year)
        report = moved(report, from_states=Status.SUBMITTED, to=Status.USED, bulletin_year=year,
                       bulletin_issue=issue, decline_reason="", **common)
        summary = _("采用，刊于《%(name)s》%(issue)s") % {"name": settings.bulletin_name, "issue": report.bulletin_label}
    else:
        report = moved(report, from_states=Status.SUBMITTED, to=Status.DECLINED, decline_reason=reason, **common)
        summary = _("不采用：%(reason)s") % {"reason": reason}
    recorded(actor=actor, report=report, action="use" if use else "decline", summary=summary)
    from tenants.opinions.services.notices import report_decided

    report_decided(report=report, actor=actor)
    from tenants.opinions.services.duty import report_duty_sync

    report_duty_sync(actor=actor, report=report)
    return report


@transaction.atomic
def report_forward(*, actor, report: OpinionReport, to_province: bool, to_national: bool) -> OpinionReport:
    """报送 a used report to the province's committee and/or the national committee, once.

    Side effects: state and targets; the copy the province reads (shared.opinion_exchange); one
    ChangeLog; the author notified."""
    office_required(actor)
    if not (to_province or to_national):
        raise ValidationError({"to_province": _("请选择报送省政协或全国政协（可都选）。")})
    now = timezone.now()
    report = moved(report, from_states=Status.USED, to=Status.FORWARDED, to_province=bool(to_province),
                   to_national=bool(to_national), forwarded_at=now, forwarded_by_user_id=getattr(actor, "pk", None),
                   updated_at=now)
    targets = "、".join(str(label) for flag, label in ((to_province, _("省政协")), (to_national, _("全国政协"))) if flag)
    recorded(actor=actor, report=report, action="forward", summary=_("报送%(targets)s") % {"targets": targets})
    from tenants.opinions.services.notices import report_decided
    from tenants.opinions.services.upward import upward_push

    upward_push(report=report)
    report_decided(report=report, actor=actor)
    from tenants.opinions.services.duty import report_duty_sync

    report_duty_sync(actor=actor, report=report)
    return report
