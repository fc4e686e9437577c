"""What came back from above: the national committee's adoption, and leaders' instructions (批示)."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.opinions.models import Adoption, Instruction, Level, OpinionReport, Status
from tenants.opinions.services import office_required, recorded


def _day_check(field: str, day: dt.date | None, report: OpinionReport, *, since_forwarded: bool) -> None:
    if day is None:
        raise ValidationError({field: _("请填写日期。")})
    if day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})
    start = report.forwarded_at if since_forwarded else report.submitted_at
    if start and day < timezone.localtime(start).date():
        raise ValidationError({field: _("日期不能早于%(day)s。") % {"day": timezone.localtime(start).date()}})


@transaction.atomic
def national_adoption_record(*, actor, report: OpinionReport, adopted_on: dt.date, issue: str = "") -> Adoption:
    """全国政协采用 of a report forwarded to the national committee, recorded once by the office.
    (The province records its own adoption on its site: shared.opinion_exchange.)
    Side effects: one Adoption; the province's copy refreshed; one ChangeLog; the computed benchmark
    values after commit (``benchmark_push_later``)."""
    office_required(actor)
    report = OpinionReport.objects.select_for_update().get(pk=report.pk)
    if report.status != Status.FORWARDED or not report.to_national:
        raise ValidationError(_("只有已报送全国政协的信息才能登记全国政协采用。"), code="out_of_turn")
    _day_check("adopted_on", adopted_on, report, since_forwarded=True)
    if report.adoptions.filter(level=Level.NATIONAL).exists():
        raise ValidationError(_("全国政协采用已经登记过了，请刷新后再看。"), code="out_of_turn")
    adoption = Adoption(report=report, level=Level.NATIONAL, adopted_on=adopted_on, issue=(issue or "").strip(),
                        recorded_by_user_id=getattr(actor, "pk", None))
    adoption.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            adoption.save()
    except IntegrityError as error:
        raise ValidationError(_("全国政协采用已经登记过了，请刷新后再看。"), code="out_of_turn") from error
    recorded(actor=actor, report=report, action="adopt_national",
             summary=_("全国政协采用（%(day)s）") % {"day": adopted_on})
    from tenants.opinions.services.upward import upward_push

    upward_push(report=report)
    from tenants.opinions.services.duty import report_duty_sync

    report_duty_sync(actor=actor, report=report)
    from tenants.opinions.benchmark_push import benchmark_push_later

    benchmark_push_later()
    return adoption


@transaction.atomic
def instruction_record(*, actor, report: OpinionReport, leader: str, level: str, instructed_on: dt.date,
                       text: str) -> Instruction:
    """批示: a leader's instruction on a used or forwarded report. A provincial or national leader's
    instruction needs the report to have been forwarded to that level.
    Side effects: one Instruction; the province's copy refreshed when forwarded; one ChangeLog; the
    author and the office notified."""
    office_required(actor)
    report = OpinionReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in (Status.USED, Status.FORWARDED):
        raise ValidationError(_("只有已采用的信息才能登记领导批示。"), code="out_of_turn")
    leader, text = (leader or "").strip(), (text or "").strip()
    errors = {}
    if not leader:
        errors["leader"] = [_("请填写批示领导的姓名和职务。")]
    if level not in Level.values:
        errors["level"] = [_("请选择领导层级。")]
    if not text:
        errors["text"] = [_("请填写批示内容。")]
    if errors:
        raise ValidationError(errors)
    if level == Level.PROVINCE and not report.to_province:
        raise ValidationError({"level": _("这份信息没有报送省政协，不能登记省级领导批示。")})
    if level == Level.NATIONAL and not report.to_national:
        raise ValidationError({"level": _("这份信息没有报送全国政协，不能登记国家级领导批示。")})
    _day_check("instructed_on", instructed_on, report, since_forwarded=level != Level.CITY)
    instruction = Instruction(report=report, leader=leader, level=level, instructed_on=instructed_on, text=text,
                              recorded_by_user_id=getattr(actor, "pk", None))
    instruction.full_clean()
    instruction.save()
    recorded(actor=actor, report=report, action="instruction",
             summary=_("%(leader)s批示（%(level)s，%(day)s）") % {
                 "leader": leader, "level": instruction.get_level_display(), "day": instructed_on})
    if report.status == Status.FORWARDED:
        from tenants.opinions.services.upward import upward_push

        upward_push(report=report)
    from tenants.opinions.services.notices import report_instructed

    report_instructed(report=report, instruction=instruction, actor=actor)
    from tenants.opinions.services.duty import report_duty_sync

    report_duty_sync(actor=actor, report=report)
    return instruction
