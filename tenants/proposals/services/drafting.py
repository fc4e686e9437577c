"""A proposal's draft: written by a member (the lead signer) or for a group, co-signers invited and
confirming before the year's submission deadline, then submitted to the proposals office."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.proposals.models import Category, Origin, Proposal, ProposalYear, Signer, Status
from tenants.proposals.selectors import proposal_actor
from tenants.proposals.services import moved, recorded
from tenants.structure.models import Member

EDITABLE_FIELDS = ("title", "situation", "analysis", "suggestions", "category", "origin", "group_name")


def _before_deadline(year: ProposalYear) -> None:
    if timezone.localdate() > year.submission_deadline:
        raise ValidationError(
            _("%(year)s 年度提案已于 %(day)s 截止提交。") % {"year": year.year, "day": year.submission_deadline},
            code="past_deadline")


def _drafter(actor, proposal: Proposal | None = None):
    who = proposal_actor(actor)
    if proposal is None:
        if who.member_id is None and not who.is_office:
            raise PermissionDenied(_("只有委员（或提案工作机构代集体提案）可以起草提案。"))
        return who
    if proposal.status != Status.DRAFT:
        raise ValidationError(_("提案已提交，不能再修改。"), code="out_of_turn")
    is_lead = who.member_id is not None and proposal.signers.filter(member_id=who.member_id, is_lead=True).exists()
    drafted_it = proposal.created_by_user_id == getattr(actor, "pk", None)
    if not (is_lead or drafted_it):
        raise PermissionDenied(_("只有领衔委员（或起草人）可以修改这份草稿。"))
    return who


def _fill(proposal: Proposal, values: dict) -> None:
    for name in EDITABLE_FIELDS:
        if name in values:
            value = values[name]
            if name == "category" and value is not None and not isinstance(value, Category):
                value = Category.objects.filter(pk=value).first()
            setattr(proposal, name, value.strip() if isinstance(value, str) else value)
    if proposal.origin == Origin.MEMBER:
        proposal.group_name = ""
    elif not proposal.group_name:
        raise ValidationError({"group_name": _("集体提案请填写提案单位（界别、党派团体或专委会）。")})
    if not proposal.title:
        raise ValidationError({"title": _("请填写案由。")})
    if not proposal.suggestions:
        raise ValidationError({"suggestions": _("请填写具体建议。")})


@transaction.atomic
def proposal_draft_create(*, actor, year: ProposalYear, **values) -> Proposal:
    """Start a draft. A member drafting it becomes its lead signer (confirmed); the office may draft a
    group proposal (集体提案) with no member.

    Side effects: Proposal and (for a member) its lead Signer; one ChangeLog."""
    who = _drafter(actor)
    _before_deadline(year)
    proposal = Proposal(year=year, created_by_user_id=getattr(actor, "pk", None), status=Status.DRAFT)
    _fill(proposal, {"origin": Origin.MEMBER, **values})
    if proposal.origin == Origin.MEMBER and who.member_id is None:
        raise ValidationError({"origin": _("您的账号没有关联委员，只能起草集体提案。")})
    proposal.full_clean()
    proposal.save()
    if who.member_id is not None and proposal.origin == Origin.MEMBER:
        Signer.objects.create(proposal=proposal, member_id=who.member_id, is_lead=True,
                              confirmed_at=timezone.now())
    recorded(actor=actor, proposal=proposal, action="draft", summary=_("起草提案“%(title)s”") % {"title": proposal.title})
    return proposal


@transaction.atomic
def proposal_draft_update(*, actor, proposal: Proposal, **values) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _drafter(actor, proposal)
    _fill(proposal, values)
    proposal.full_clean()
    proposal.save()
    recorded(actor=actor, proposal=proposal, action="edit", summary=_("修改提案草稿"))
    return proposal


@transaction.atomic
def cosigners_invite(*, actor, proposal: Proposal, members: list[Member]) -> list[Signer]:
    """Invite members to co-sign (联名). An invited member counts once they confirm.

    Side effects: one Signer per new member; a notification to each."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _drafter(actor, proposal)
    _before_deadline(proposal.year)
    existing = set(proposal.signers.values_list("member_id", flat=True))
    made = [Signer.objects.create(proposal=proposal, member=m) for m in members if m.pk not in existing]
    if made:
        recorded(actor=actor, proposal=proposal, action="invite",
                 summary=_("邀请联名：%(names)s") % {"names": "、".join(s.member.name for s in made)})
        from tenants.proposals.services.notices import cosign_invited

        cosign_invited(proposal=proposal, signers=made)
    return made


@transaction.atomic
def cosign_respond(*, actor, proposal: Proposal, accept: bool) -> Signer:
    """The invited member confirms (or declines) co-signing, before the submission deadline."""
    who = proposal_actor(actor)
    signer = Signer.objects.select_for_update().filter(proposal=proposal, member_id=who.member_id,
                                                       is_lead=False).first()
    if signer is None:
        raise PermissionDenied(_("您没有被邀请联名这份提案。"))
    proposal = Proposal.objects.get(pk=proposal.pk)
    if proposal.status not in (Status.DRAFT, Status.SUBMITTED):
        raise ValidationError(_("提案已经审查，联名不能再变。"), code="out_of_turn")
    _before_deadline(proposal.year)
    now = timezone.now()
    signer.confirmed_at, signer.declined_at = (now, None) if accept else (None, now)
    signer.save(update_fields=["confirmed_at", "declined_at"])
    recorded(actor=actor, proposal=proposal, action="cosign" if accept else "cosign_decline",
             summary=(_("%(name)s 确认联名") if accept else _("%(name)s 谢绝联名")) % {"name": signer.member.name})
    if proposal.status == Status.SUBMITTED:  # a co-signer's duty record follows their signature
        from tenants.proposals.services.duty import proposal_duty_sync

        proposal_duty_sync(actor=actor, proposal=proposal)
    return signer


@transaction.atomic
def proposal_submit(*, actor, proposal: Proposal) -> Proposal:
    """Submit the draft to the proposals office, before the year's deadline."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _drafter(actor, proposal)
    _before_deadline(proposal.year)
    proposal.full_clean()
    proposal = moved(proposal, from_states=Status.DRAFT, to=Status.SUBMITTED, submitted_at=timezone.now())
    recorded(actor=actor, proposal=proposal, action="submit", summary=_("提交提案"))
    from tenants.proposals.services.notices import proposal_submitted

    proposal_submitted(proposal=proposal, actor=actor)
    from tenants.proposals.services.duty import proposal_duty_sync

    proposal_duty_sync(actor=actor, proposal=proposal)
    return proposal
