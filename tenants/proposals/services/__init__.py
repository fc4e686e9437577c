"""Writes of the proposal work (the active schema is the committee).

One module per part: ``drafting`` (a member's draft, co-signers, submission), ``review`` (the
office's 立案 / 不予立案 / 转为意见建议 / 并案, key proposals), ``handling`` (交办, change
requests), ``answers`` (the answer, countersignatures, the office's review, the signers' rating).
Every service checks the actor itself (``selectors.proposal_actor``), so pages, the API and the
admin cannot disagree. A state change is a conditional UPDATE on the current state inside the
caller's transaction: two people acting at once give exactly one transition, and the other gets a
clear message. Every change is recorded in the change history.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tenants.history.services import change_record, state_moved
from tenants.proposals.models import Proposal, Status
from tenants.proposals.selectors import ProposalActor, proposal_actor

__all__ = ["moved", "office_required", "recorded"]


def office_required(actor_user) -> ProposalActor:
    who = proposal_actor(actor_user)
    if not who.is_office:
        raise PermissionDenied(_("只有提案工作机构可以办理此事。"))
    return who


def moved(proposal: Proposal, *, from_states, to: str, **fields) -> Proposal:
    """Move `proposal` from one of `from_states` to `to` (history.services.state_moved) and refresh it."""
    return state_moved(proposal, from_states=from_states, to=to, labels=Status, message=_(
        "该提案当前为“%(state)s”，不能进行此操作（可能已被他人处理），请刷新后再看。"), **fields)


def recorded(*, actor, proposal: Proposal, action: str, summary: str, changes: dict | None = None) -> None:
    change_record(actor=actor, obj=proposal, action=action, summary=summary, changes=changes)
