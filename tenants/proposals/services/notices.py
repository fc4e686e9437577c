"""Who is told what in the proposal work (called by the services, inside their transaction; the
notifications go out after commit). Titles are message ids, translated when shown."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from accounts.models import Membership, Role
from notifications.models import Kind
from notifications.services import notify
from tenancy.selectors import organisation_current
from tenants.proposals.models import Answer, ChangeRequest, Proposal
from tenants.proposals.selectors import proposal_settings
from tenants.structure.models import Member


def _url(proposal: Proposal) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def _office_users() -> list[int]:
    organisation = organisation_current()
    office_unit = proposal_settings().office_unit_id
    rows = Membership.objects.filter(organisation_id=organisation.pk, user__is_active=True)
    admins = set(rows.filter(role=Role.TENANT_ADMIN).values_list("user_id", flat=True))
    staff = set(rows.filter(role=Role.UNIT_STAFF, unit_id=office_unit).values_list("user_id", flat=True)) \
        if office_unit else set()
    return sorted(admins | staff)


def _handler_users(unit_ids) -> list[int]:
    organisation = organisation_current()
    return sorted(set(Membership.objects.filter(
        organisation_id=organisation.pk, role=Role.HANDLER, unit_id__in=list(unit_ids), user__is_active=True,
    ).values_list("user_id", flat=True)))


def _signer_users(proposal: Proposal) -> list[int]:
    members = [s.member_id for s in proposal.signers.all() if s.is_confirmed]
    users = set(Member.objects.filter(pk__in=members, user_id__isnull=False).values_list("user_id", flat=True))
    if proposal.created_by_user_id:
        users.add(proposal.created_by_user_id)
    return sorted(users)


def _send(*, recipients, kind: str, title: str, proposal: Proposal, key: str, actor=None, body: str = "",
          url: str | None = None) -> None:
    wanted = set(recipients) - {getattr(actor, "pk", None)}
    if wanted:
        notify(organisation=organisation_current(), recipients=wanted, kind=kind, title=title, body=body,
               params={"title": proposal.title[:80], "number": proposal.number}, url=url or _url(proposal), key=key)


def _send_to_units(*, unit_ids, kind: str, title: str, proposal: Proposal, key: str) -> None:
    """To the staff of each handling unit, opening that unit's own page of the proposal (they may not
    open the committee's proposal page)."""
    from tenants.proposals.models import Assignment

    assignments = {a.handling_unit_id: a.pk for a in Assignment.objects.filter(
        proposal=proposal, round=proposal.round, handling_unit_id__in=list(unit_ids), withdrawn_at__isnull=True)}
    for unit_id in sorted(set(unit_ids)):
        assignment = assignments.get(unit_id)
        url = reverse("proposals:handling_detail", args=[assignment]) if assignment else reverse("proposals:handling")
        _send(recipients=_handler_users([unit_id]), kind=kind, proposal=proposal, title=title, url=url,
              key=f"{key}:unit:{unit_id}")


def cosign_invited(*, proposal: Proposal, signers) -> None:
    users = Member.objects.filter(pk__in=[s.member_id for s in signers], user_id__isnull=False) \
        .values_list("user_id", flat=True)
    _send(recipients=users, kind=Kind.PROPOSAL_COSIGN, proposal=proposal, key=f"proposal:{proposal.pk}:cosign",
          title=gettext_noop("邀请您联名提案“%(title)s”，请在截止前确认"))


def proposal_submitted(*, proposal: Proposal, actor=None) -> None:
    _send(recipients=_office_users(), kind=Kind.PROPOSAL_SUBMITTED, proposal=proposal, actor=actor,
          key=f"proposal:{proposal.pk}:submitted", title=gettext_noop("新提案“%(title)s”待审查"))


def proposal_decided(*, proposal: Proposal, actor=None) -> None:
    _send(recipients=_signer_users(proposal), kind=Kind.PROPOSAL_DECIDED, proposal=proposal, actor=actor,
          key=f"proposal:{proposal.pk}:decided:{proposal.status}",
          title=gettext_noop("提案“%(title)s”审查结果已出"))


def proposal_assigned(*, proposal: Proposal, units) -> None:
    _send_to_units(unit_ids=[u.pk for u in units], kind=Kind.PROPOSAL_ASSIGNED, proposal=proposal,
                   key=f"proposal:{proposal.pk}:assigned:{proposal.round}",
                   title=gettext_noop("交办提案：%(number)s号“%(title)s”"))


def change_requested(*, request: ChangeRequest) -> None:
    proposal = request.assignment.proposal
    _send(recipients=_office_users(), kind=Kind.PROPOSAL_CHANGE, proposal=proposal,
          key=f"proposal:{proposal.pk}:change:{request.pk}", title=gettext_noop("承办单位申请调整提案“%(title)s”的交办"))


def answer_waiting(*, answer: Answer, countersigning) -> None:
    proposal = answer.proposal
    if countersigning:
        _send_to_units(unit_ids=[u.pk for u in countersigning], kind=Kind.PROPOSAL_ANSWER, proposal=proposal,
                       key=f"proposal:{proposal.pk}:countersign:{answer.pk}:{answer.submitted_at:%s}",
                       title=gettext_noop("提案“%(title)s”的答复待会签"))
    else:
        _send(recipients=_office_users(), kind=Kind.PROPOSAL_ANSWER, proposal=proposal,
              key=f"proposal:{proposal.pk}:review:{answer.pk}:{answer.submitted_at:%s}",
              title=gettext_noop("提案“%(title)s”的答复待审核"))


def answer_returned(*, answer: Answer) -> None:
    proposal = answer.proposal
    _send_to_units(unit_ids=[answer.handling_unit_id], kind=Kind.PROPOSAL_ANSWER, proposal=proposal,
                   key=f"proposal:{proposal.pk}:returned:{answer.pk}:{answer.submitted_at:%s}",
                   title=gettext_noop("提案“%(title)s”的答复被退回修改"))


def proposal_answered(*, proposal: Proposal) -> None:
    _send(recipients=_signer_users(proposal), kind=Kind.PROPOSAL_ANSWERED, proposal=proposal,
          key=f"proposal:{proposal.pk}:answered:{proposal.round}",
          title=gettext_noop("提案“%(title)s”已答复，请评价"))


# --- reminders (called by the daily reminders task through what apps.py registers) ---------------


def answer_deadline_audience(deadline):
    """Who is reminded of a proposal's answer deadline (reminders source ``proposals``, key
    ``answer:<proposal id>:<round>``): the staff of the units the round is assigned to, opening
    their own page; the office follows overdue answers in its to-do list. None for another key."""
    from tenants.proposals.models import Assignment
    from tenants.reminders.services import Audience

    kind, _sep, rest = deadline.key.partition(":")
    proposal_id, _sep, round_ = rest.partition(":")
    if kind != "answer" or not proposal_id.isdigit() or not round_.isdigit():
        return None
    units = Assignment.objects.filter(proposal_id=int(proposal_id), round=int(round_),
                                      withdrawn_at__isnull=True).values_list("handling_unit_id", flat=True)
    return Audience(recipients=_handler_users(units), url=reverse("proposals:handling"))


def cosign_reminders_send(*, today) -> int:
    """Remind each invited member who has neither confirmed nor declined a co-signature of a draft
    as the year's submission deadline comes near (the reminders' stages: 14, 7, 3, 1 days, the day);
    once per invitation and stage. Side effects: notifications (emails after commit). Returns how many."""
    from tenants.proposals.models import Signer, Status
    from tenants.reminders.services import reminder_stage

    pending = (Signer.objects.filter(is_lead=False, confirmed_at__isnull=True, declined_at__isnull=True,
                                     proposal__status=Status.DRAFT, proposal__year__submission_deadline__gte=today,
                                     member__user_id__isnull=False)
               .select_related("proposal", "proposal__year", "member"))
    organisation, sent = organisation_current(), 0
    for signer in pending:
        proposal = signer.proposal
        days = (proposal.year.submission_deadline - today).days
        stage = reminder_stage(days)
        if stage is None:
            continue
        title = (gettext_noop("联名邀请“%(title)s”今天截止确认") if days == 0
                 else gettext_noop("联名邀请“%(title)s”还有 %(days)s 天截止确认"))
        sent += len(notify(
            organisation=organisation, recipients=[signer.member.user_id], kind=Kind.PROPOSAL_COSIGN, title=title,
            body=gettext_noop("提交截止日期 %(due_on)s，请确认是否联名。"),
            params={"title": proposal.title[:80], "days": days, "due_on": f"{proposal.year.submission_deadline:%Y-%m-%d}"},
            url=_url(proposal), key=f"proposal:{proposal.pk}:cosign:{signer.pk}:remind:{stage}"))
    return sent
