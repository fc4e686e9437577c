"""The proposals office's review of a submitted proposal: 立案 (numbered), 不予立案 with a reason,
转为意见建议, or 并案 into another proposal (the merged one keeps its signers); key proposals."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.proposals.models import Category, Proposal, ProposalYear, Status
from tenants.proposals.services import moved, office_required, recorded
from tenants.structure.models import Leader


class Decision:
    ACCEPT = "accept"
    DECLINE = "decline"
    FORWARD = "forward"
    MERGE = "merge"
    ALL = (ACCEPT, DECLINE, FORWARD, MERGE)


def _next_number(year: ProposalYear) -> str:
    """The year's next 提案号: 1, 2, 3 … in order of acceptance (the year's row is locked by the caller)."""
    numbers = Proposal.objects.filter(year=year).exclude(number="").values_list("number", flat=True)
    highest = max((int(n) for n in numbers if n.isdigit()), default=0)
    return str(highest + 1)


@transaction.atomic
def proposal_decide(*, actor, proposal: Proposal, decision: str, reason: str = "",
                    category: Category | None = None, into: Proposal | None = None) -> Proposal:
    """Decide a submitted proposal.

    - accept: numbered (the year's next number) and given its category;
    - decline: a reason is required (the signers read it);
    - forward: 转为意见建议, with an optional note;
    - merge: into another submitted or accepted proposal of the same year; this one keeps its signers
      and points to it.
    Out of turn (not submitted, or decided by someone else meanwhile): a clear message, nothing written.
    Side effects: the proposal's state, number and decision; one ChangeLog; the signers notified; the
    computed benchmark values after commit (``benchmark_push_later``)."""
    office_required(actor)
    reason = (reason or "").strip()
    if decision not in Decision.ALL:
        raise ValidationError({"decision": _("请选择审查结果。")})
    if decision == Decision.DECLINE and not reason:
        raise ValidationError({"reason": _("不予立案须写明理由。")})
    year = ProposalYear.objects.select_for_update().get(pk=proposal.year_id)
    now = timezone.now()
    common = {"decided_at": now, "decided_by_user_id": getattr(actor, "pk", None), "decision_reason": reason}
    if decision == Decision.ACCEPT:
        fields = {**common, "number": _next_number(year)}
        if category is not None:
            fields["category"] = category
        proposal = moved(proposal, from_states=Status.SUBMITTED, to=Status.ACCEPTED, **fields)
        summary = _("立案，提案号 %(number)s") % {"number": proposal.number}
    elif decision == Decision.DECLINE:
        proposal = moved(proposal, from_states=Status.SUBMITTED, to=Status.DECLINED, **common)
        summary = _("不予立案：%(reason)s") % {"reason": reason}
    elif decision == Decision.FORWARD:
        proposal = moved(proposal, from_states=Status.SUBMITTED, to=Status.FORWARDED, **common)
        summary = _("转为意见建议")
    else:
        if into is None or into.pk == proposal.pk:
            raise ValidationError({"into": _("请选择并入的提案。")})
        into = Proposal.objects.select_for_update().get(pk=into.pk)
        if into.year_id != proposal.year_id or into.status not in (Status.SUBMITTED, Status.ACCEPTED):
            raise ValidationError({"into": _("只能并入同一年度待审查或已立案的提案。")})
        proposal = moved(proposal, from_states=Status.SUBMITTED, to=Status.MERGED, merged_into=into, **common)
        summary = _("并入提案“%(title)s”") % {"title": into.title}
        recorded(actor=actor, proposal=into, action="merge_in",
                 summary=_("并入提案“%(title)s”") % {"title": proposal.title})
    recorded(actor=actor, proposal=proposal, action=decision, summary=summary)
    from tenants.proposals.services.notices import proposal_decided

    proposal_decided(proposal=proposal, actor=actor)
    from tenants.proposals.services.duty import proposal_duty_sync

    proposal_duty_sync(actor=actor, proposal=proposal)
    from tenants.proposals.benchmark_push import benchmark_push_later

    benchmark_push_later()
    return proposal


@transaction.atomic
def proposal_key_set(*, actor, proposal: Proposal, is_key: bool, leader: Leader | None = None) -> Proposal:
    """Mark an accepted proposal as a key proposal (重点提案) led by a leader (领办/督办), or unmark it.
    A key proposal's answer is due sooner (settings.key_answer_days) once it is assigned."""
    office_required(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (Status.ACCEPTED, Status.ASSIGNED):
        raise ValidationError(_("只有已立案、尚未答复的提案可以确定为重点提案。"), code="out_of_turn")
    if is_key and leader is None:
        raise ValidationError({"leader": _("重点提案请指定领办领导。")})
    proposal.is_key, proposal.key_leader = is_key, leader if is_key else None
    proposal.save(update_fields=["is_key", "key_leader", "updated_at"])
    recorded(actor=actor, proposal=proposal, action="key",
             summary=(_("确定为重点提案，%(leader)s领办") % {"leader": leader.name}) if is_key else _("取消重点提案"))
    return proposal



@transaction.atomic
def proposal_excellent_set(*, actor, proposal: Proposal, excellent: bool) -> Proposal:
    """优秀提案: the office marks (or unmarks) an accepted proposal as one of the year's best."""
    office_required(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (Status.ACCEPTED, Status.ASSIGNED, Status.ANSWERED, Status.CLOSED):
        raise ValidationError(_("只有已立案的提案可以评为优秀提案。"), code="out_of_turn")
    proposal.is_excellent = excellent
    proposal.save(update_fields=["is_excellent", "updated_at"])
    recorded(actor=actor, proposal=proposal, action="excellent",
             summary=_("评为优秀提案") if excellent else _("取消优秀提案"))
    from tenants.proposals.services.duty import proposal_duty_sync

    proposal_duty_sync(actor=actor, proposal=proposal)
    return proposal


#: the kind of public proposals in the shared index (search.sources)
SEARCH_KIND = "proposal"


@transaction.atomic
def proposal_publish(*, actor, proposal: Proposal, public: bool) -> Proposal:
    """The office publishes an answered proposal with its delivered answers on the committee's site and in
    the network's search (or withdraws it). Drafts and unpublished proposals never leave the committee:
    only published ones are indexed."""
    from search.services import index_later

    office_required(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if public and proposal.status not in (Status.ANSWERED, Status.CLOSED):
        raise ValidationError(_("只有已答复的提案可以公开。"), code="out_of_turn")
    proposal.is_public = public
    proposal.published_at = timezone.now() if public else None
    proposal.save(update_fields=["is_public", "published_at", "updated_at"])
    index_later(kind=SEARCH_KIND, ids=[proposal.pk])
    recorded(actor=actor, proposal=proposal, action="publish" if public else "unpublish",
             summary=_("公开提案及答复") if public else _("取消公开"))
    return proposal
