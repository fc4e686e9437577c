"""Writes of the social-conditions reports (the active schema is the committee).

One module per part: ``submission`` (a member, a unit or a 界别 group submits), ``office`` (the
office edits, decides 采用 / 不采用 and forwards 报送), ``outcomes`` (what came back: the national
committee's adoption, leaders' instructions), ``notices`` (who is told), ``upward`` (the copy pushed to
the province through ``shared.opinion_exchange``). Every service checks the actor itself
(``selectors.opinion_actor``). A state change is a conditional UPDATE on the current state inside the
caller's transaction: two people acting at once give exactly one transition, the other a clear
message. Every change is recorded in the change history.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tenants.history.services import change_record, state_moved
from tenants.opinions.models import OpinionReport, Status
from tenants.opinions.selectors import OpinionActor, opinion_actor

__all__ = ["moved", "office_required", "recorded"]


def office_required(actor_user) -> OpinionActor:
    who = opinion_actor(actor_user)
    if not who.is_office:
        raise PermissionDenied(_("只有社情民意工作机构可以办理此事。"))
    return who


def moved(report: OpinionReport, *, from_states, to: str, **fields) -> OpinionReport:
    """Move `report` from one of `from_states` to `to` (history.services.state_moved) and refresh it."""
    return state_moved(report, from_states=from_states, to=to, labels=Status, message=_(
        "这份信息当前为“%(state)s”，不能进行此操作（可能已被他人处理），请刷新后再看。"), **fields)


def recorded(*, actor, report: OpinionReport, action: str, summary: str, changes: dict | None = None) -> None:
    change_record(actor=actor, obj=report, action=action, summary=summary, changes=changes)
