"""交办: an accepted proposal goes to handling units: one lead unit (主办) with cooperating units (协办),
or several units each answering for its part (分办). A unit may ask, within the committee's set
number of days, to have its assignment changed; the office decides."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.proposals.models import (
    Assignment, AssignmentRole, ChangeRequest, HandlingUnit, Proposal, Status,
)
from tenants.proposals.selectors import proposal_actor, proposal_settings
from tenants.proposals.services import moved, office_required, recorded

DEADLINE_SOURCE = "proposals"


def answer_deadline_key(proposal: Proposal) -> str:
    return f"answer:{proposal.pk}:{proposal.round}"


def _answer_due(proposal: Proposal, start: dt.date) -> dt.date:
    rules = proposal_settings()
    return start + dt.timedelta(days=rules.key_answer_days if proposal.is_key else rules.answer_days)


def _deadline_register(proposal: Proposal) -> None:
    from tenants.reminders.services import deadline_register

    deadline_register(source=DEADLINE_SOURCE, key=answer_deadline_key(proposal),
                      title=_("提案答复：%(number)s号 %(title)s") % {"number": proposal.number,
                                                               "title": proposal.title[:60]},
                      due_on=proposal.answer_due_on)


def _plan(lead: HandlingUnit | None, cooperating, split) -> list[tuple[HandlingUnit, str, str]]:
    cooperating, split = list(cooperating or []), list(split or [])
    if split and (lead or cooperating):
        raise ValidationError(_("分办时不设主办和协办单位：每个分办单位各自答复其负责的部分。"))
    if split:
        if len(split) < 2:
            raise ValidationError({"split": _("分办至少需要两个承办单位；只有一个单位时请设为主办。")})
        rows = [(unit, AssignmentRole.SPLIT, (part or "").strip()) for unit, part in split]
        if any(not part for _unit, _role, part in rows):
            raise ValidationError({"split": _("请写明每个分办单位负责的内容。")})
    else:
        if lead is None:
            raise ValidationError({"lead": _("请选择主办单位。")})
        rows = [(lead, AssignmentRole.LEAD, "")] + [(u, AssignmentRole.COOPERATING, "") for u in cooperating]
    units = [unit.pk for unit, _role, _part in rows]
    if len(units) != len(set(units)):
        raise ValidationError(_("同一承办单位不能重复交办。"))
    if any(not unit.is_active for unit, _role, _part in rows):
        raise ValidationError(_("所选承办单位已停用。"))
    return rows


@transaction.atomic
def proposal_assign(*, actor, proposal: Proposal, lead: HandlingUnit | None = None,
                    cooperating=(), split=()) -> Proposal:
    """Assign an accepted proposal (交办). `split` is a list of (unit, part).

    Side effects: Assignment rows; the proposal's state, assignment day and answer deadline
    (settings: answer_days, key proposals key_answer_days); a reminders Deadline; the units' staff
    notified; one ChangeLog."""
    office_required(actor)
    rows = _plan(lead, cooperating, split)
    today = timezone.localdate()
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    due = _answer_due(proposal, today)
    proposal = moved(proposal, from_states=Status.ACCEPTED, to=Status.ASSIGNED, assigned_on=today,
                     answer_due_on=due, first_due_on=due)
    for unit, role, part in rows:
        Assignment.objects.create(proposal=proposal, handling_unit=unit, role=role, part=part, round=proposal.round)
    _deadline_register(proposal)
    recorded(actor=actor, proposal=proposal, action="assign", summary=_("交办：%(units)s") % {
        "units": "；".join(f"{unit.name}（{AssignmentRole(role).label}）" for unit, role, _part in rows)})
    from tenants.proposals.services.notices import proposal_assigned

    proposal_assigned(proposal=proposal, units=[unit for unit, _role, _part in rows])
    return proposal


@transaction.atomic
def change_request_create(*, actor, assignment: Assignment, reason: str, suggested_unit: str = "") -> ChangeRequest:
    """A handling unit asks to have its assignment changed, within settings.change_days of it."""
    who = proposal_actor(actor)
    if assignment.handling_unit_id not in who.handling_unit_ids:
        raise PermissionDenied(_("只有被交办的承办单位可以申请调整。"))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.withdrawn_at is not None:
        raise ValidationError(_("该交办已撤回。"), code="out_of_turn")
    days = proposal_settings().change_days
    if timezone.now() > assignment.assigned_at + dt.timedelta(days=days):
        raise ValidationError(_("交办后 %(days)d 天内才能申请调整，已超过期限。") % {"days": days}, code="past_deadline")
    if assignment.answers and assignment.proposal.answers.filter(
            handling_unit=assignment.handling_unit, round=assignment.round).exclude(state="drafting").exists():
        raise ValidationError(_("已报送答复，不能再申请调整。"), code="out_of_turn")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明申请调整的理由。")})
    if assignment.change_requests.filter(state=ChangeRequest.State.PENDING).exists():
        raise ValidationError(_("已有一份待决定的调整申请。"), code="out_of_turn")
    request = ChangeRequest(assignment=assignment, reason=reason, suggested_unit=(suggested_unit or "").strip(),
                            requested_by_user_id=getattr(actor, "pk", None))
    request.full_clean()
    request.save()
    recorded(actor=actor, proposal=assignment.proposal, action="change_request",
             summary=_("%(unit)s申请调整交办：%(reason)s") % {"unit": assignment.handling_unit.name, "reason": reason})
    from tenants.proposals.services.notices import change_requested

    change_requested(request=request)
    return request


@transaction.atomic
def change_request_decide(*, actor, request: ChangeRequest, grant: bool, note: str = "",
                          new_unit: HandlingUnit | None = None) -> ChangeRequest:
    """The office grants (the assignment is withdrawn; `new_unit`, if given, takes the same role) or
    refuses the request. Two decisions at once: one wins, the other gets a clear message."""
    office_required(actor)
    changed = ChangeRequest.objects.filter(pk=request.pk, state=ChangeRequest.State.PENDING).update(
        state=ChangeRequest.State.GRANTED if grant else ChangeRequest.State.REFUSED,
        decided_by_user_id=getattr(actor, "pk", None), decided_at=timezone.now(), decision_note=(note or "").strip())
    if not changed:
        raise ValidationError(_("该申请已经决定过了。"), code="out_of_turn")
    request.refresh_from_db()
    assignment = request.assignment
    proposal = assignment.proposal
    if grant:
        if new_unit is not None and new_unit.pk == assignment.handling_unit_id:
            raise ValidationError({"new_unit": _("请选择另一个承办单位。")})
        Assignment.objects.filter(pk=assignment.pk).update(withdrawn_at=timezone.now())
        if new_unit is not None:
            Assignment.objects.create(proposal=proposal, handling_unit=new_unit, role=assignment.role,
                                      part=assignment.part, round=assignment.round)
            from tenants.proposals.services.notices import proposal_assigned

            proposal_assigned(proposal=proposal, units=[new_unit])
    recorded(actor=actor, proposal=proposal, action="change_decide",
             summary=(_("同意%(unit)s调整交办") if grant else _("不同意%(unit)s调整交办")) % {
                 "unit": assignment.handling_unit.name})
    return request


def second_round_start(*, proposal: Proposal) -> Proposal:
    """不满意: the proposal goes back to its answering units for a second handling (called inside the
    rating's transaction). Side effects: the round, new assignments of the same units and roles, a new
    answer deadline."""
    previous = list(proposal.assignments.filter(round=proposal.round, withdrawn_at__isnull=True))
    today = timezone.localdate()
    proposal = moved(proposal, from_states=[Status.ANSWERED], to=Status.ASSIGNED, round=proposal.round + 1,
                     assigned_on=today, answer_due_on=_answer_due(proposal, today), answered_on=None)
    for a in previous:
        Assignment.objects.create(proposal=proposal, handling_unit_id=a.handling_unit_id, role=a.role,
                                  part=a.part, round=proposal.round)
    _deadline_register(proposal)
    return proposal
