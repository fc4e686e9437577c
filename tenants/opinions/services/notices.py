"""Who is told what in the report work (called by the services inside their transaction; the
notifications go out after commit). Titles are message ids, translated when shown."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from accounts.models import Membership, Role
from notifications.models import Kind
from notifications.services import notify
from tenancy.selectors import organisation_current
from tenants.opinions.models import Instruction, OpinionReport, Origin, Status
from tenants.opinions.selectors import opinion_settings


def office_users() -> list[int]:
    organisation = organisation_current()
    office_unit = opinion_settings().office_unit_id
    rows = Membership.objects.filter(organisation_id=organisation.pk, user__is_active=True)
    users = set(rows.filter(role=Role.TENANT_ADMIN).values_list("user_id", flat=True))
    if office_unit:
        users |= set(rows.filter(role=Role.UNIT_STAFF, unit_id=office_unit).values_list("user_id", flat=True))
    return sorted(users)


def author_users(report: OpinionReport) -> list[int]:
    users = {report.created_by_user_id} if report.created_by_user_id else set()
    if report.origin == Origin.MEMBER and report.member and report.member.user_id:
        users.add(report.member.user_id)
    return sorted(users)


def _send(*, recipients, kind: str, title: str, report: OpinionReport, key: str, actor=None) -> None:
    wanted = set(recipients) - {getattr(actor, "pk", None)}
    if wanted:
        notify(organisation=organisation_current(), recipients=wanted, kind=kind, title=title,
               params={"title": report.title[:80]}, url=reverse("opinions:detail", args=[report.pk]), key=key)


def report_submitted(*, report: OpinionReport, actor=None) -> None:
    _send(recipients=office_users(), kind=Kind.OPINION_SUBMITTED, report=report, actor=actor,
          key=f"opinion:{report.pk}:submitted", title=gettext_noop("新的社情民意信息“%(title)s”待处理"))


DECIDED_TITLES = {
    Status.USED: gettext_noop("您报送的社情民意信息“%(title)s”已被采用"),
    Status.DECLINED: gettext_noop("您报送的社情民意信息“%(title)s”未被采用"),
    Status.FORWARDED: gettext_noop("您报送的社情民意信息“%(title)s”已报送上级"),
}


def report_decided(*, report: OpinionReport, actor=None) -> None:
    _send(recipients=author_users(report), kind=Kind.OPINION_DECIDED, report=report, actor=actor,
          key=f"opinion:{report.pk}:{report.status}", title=DECIDED_TITLES[report.status])


def report_instructed(*, report: OpinionReport, instruction: Instruction, actor=None) -> None:
    _send(recipients=set(author_users(report)) | set(office_users()), kind=Kind.OPINION_INSTRUCTED, report=report,
          actor=actor, key=f"opinion:{report.pk}:instruction:{instruction.pk}",
          title=gettext_noop("社情民意信息“%(title)s”获领导批示"))
