"""Writes of the forwarded reports: a committee pushes its own rows; the province records its adoption."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_noop

from accounts.models import Membership, Role
from notifications.models import Kind
from notifications.services import notify
from tenancy.selectors import organisation_current

from .models import ForwardedReport
from .selectors import exchange_province


@dataclass(frozen=True)
class Forwarded:
    """What a committee tells its province about one forwarded report (computed in its own schema)."""

    report_id: int
    title: str
    text: str
    author: str
    bulletin: str
    to_province: bool
    to_national: bool
    forwarded_at: dt.datetime
    forwarded_by_user_id: int | None = None
    national_adopted_on: dt.date | None = None
    instructions: int = 0


@transaction.atomic
def forwarded_push(*, forwarded: Forwarded) -> ForwardedReport:
    """Store (or refresh) the active committee's copy of one forwarded report; the tenant is stamped
    here, so a committee never writes another's rows. The province's own adoption is kept as it is.

    Called by the committee's opinion services after they forward a report or record what came back."""
    organisation = organisation_current()
    row = ForwardedReport.objects.select_for_update().filter(
        organisation=organisation, report_id=forwarded.report_id).first()
    row = row or ForwardedReport(organisation=organisation)
    for name, value in asdict(forwarded).items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


def forwarded_of_current(report_ids) -> dict[int, ForwardedReport]:
    """The active committee's forwarded rows by report id (how the province's adoption flows back)."""
    rows = ForwardedReport.objects.filter(organisation=organisation_current(), report_id__in=list(report_ids))
    return {row.report_id: row for row in rows}


def province_adoption_write(*, forwarded: ForwardedReport, adopted_on: dt.date, issue: str,
                           by_user_id: int | None) -> ForwardedReport:
    """The write of the province's adoption, once (a conditional UPDATE): two officers at once, one wins.
    Callers check who may (``province_adopt``; the demo writes it as the province's officer)."""
    changed = ForwardedReport.objects.filter(pk=forwarded.pk, province_adopted_on__isnull=True).update(
        province_adopted_on=adopted_on, province_issue=issue[:50], province_recorded_by_user_id=by_user_id,
        updated_at=timezone.now())
    if not changed:
        raise ValidationError(_("这份信息的省政协采用已经登记过了（可能已被他人登记），请刷新后再看。"),
                              code="out_of_turn")
    forwarded.refresh_from_db()
    return forwarded


@transaction.atomic
def province_adopt(*, actor, forwarded: ForwardedReport, adopted_on: dt.date, issue: str) -> ForwardedReport:
    """省政协采用: the provincial officer records, on the province's site, that the province used a
    report one of its committees forwarded to it.

    Refused for anyone but the province's officers, for a report not sent to this province, a date in
    the future or before it was forwarded, and when it was already recorded (two officers at once: one
    wins, a conditional UPDATE). Side effects: the row's adoption fields; the committee's forwarding
    person and administrators notified on the committee's site."""
    province = exchange_province(actor)
    if province is None or forwarded.organisation.province_id != province.pk or not forwarded.to_province:
        raise PermissionDenied(_("只有本省政协的工作人员可以登记省政协采用。"))
    issue = (issue or "").strip()
    if adopted_on is None:
        raise ValidationError({"adopted_on": _("请填写采用日期。")})
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("采用日期不能晚于今天。")})
    if adopted_on < timezone.localtime(forwarded.forwarded_at).date():
        raise ValidationError({"adopted_on": _("采用日期不能早于报送日期。")})
    if not issue:
        raise ValidationError({"issue": _("请填写省政协刊物的期号。")})
    province_adoption_write(forwarded=forwarded, adopted_on=adopted_on, issue=issue, by_user_id=actor.pk)
    committee = forwarded.organisation
    admins = set(Membership.objects.filter(organisation=committee, role=Role.TENANT_ADMIN, user__is_active=True)
                 .values_list("user_id", flat=True))
    if forwarded.forwarded_by_user_id:
        admins.add(forwarded.forwarded_by_user_id)
    from django.urls import reverse

    notify(organisation=committee, recipients=admins, kind=Kind.OPINION_DECIDED,
           title=gettext_noop("社情民意信息“%(title)s”被省政协采用"), params={"title": forwarded.title[:80]},
           url=reverse("opinions:detail", args=[forwarded.report_id]), key=f"opinion:{forwarded.report_id}:province")
    return forwarded
