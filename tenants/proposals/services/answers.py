"""答复: the answering unit (the lead unit, or each unit of a split assignment) drafts its answer,
cooperating units countersign (会签) or send their opinion, the office reviews it (督办审核) and it
reaches the signers, who rate it; 不满意 in the first round sends the proposal back for a second
handling."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.proposals.models import (
    Answer, Assignment, AssignmentRole, Countersign, HandlingUnit, Origin, Outcome, Proposal, Rating,
    Satisfaction, Signer, Status,
)
from tenants.proposals.selectors import proposal_actor
from tenants.proposals.services import office_required, moved, recorded
from tenants.proposals.services.handling import DEADLINE_SOURCE, answer_deadline_key, second_round_start

#: rounds of handling a proposal gets at most (the first and one second handling after 不满意)
MAX_ROUNDS = 2


def _answering_assignment(actor, proposal: Proposal, unit: HandlingUnit) -> Assignment:
    who = proposal_actor(actor)
    if unit.pk not in who.handling_unit_ids:
        raise PermissionDenied(_("只有承办单位本身可以答复。"))
    assignment = proposal.assignments.filter(handling_unit=unit, round=proposal.round,
                                             withdrawn_at__isnull=True).first()
    if assignment is None or not assignment.answers:
        raise PermissionDenied(_("贵单位不是这件提案本轮的主办或分办单位。"))
    if proposal.status != Status.ASSIGNED:
        raise ValidationError(_("提案当前不在办理中。"), code="out_of_turn")
    return assignment


@transaction.atomic
def answer_save(*, actor, proposal: Proposal, unit: HandlingUnit, reply_number: str = "", text: str = "",
                contact: str = "", outcome: str = "") -> Answer:
    """Save the unit's answer draft (while drafting, or after the office returned it)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _answering_assignment(actor, proposal, unit)
    answer, _created = Answer.objects.select_for_update().get_or_create(
        proposal=proposal, handling_unit=unit, round=proposal.round)
    if answer.state not in (Answer.State.DRAFTING, Answer.State.RETURNED):
        raise ValidationError(_("答复已报送，不能再修改。"), code="out_of_turn")
    if outcome and outcome not in Outcome.values:
        raise ValidationError({"outcome": _("请选择办理结果（A、B 或 C 类）。")})
    answer.reply_number, answer.text = reply_number.strip(), text.strip()
    answer.contact, answer.outcome = contact.strip(), outcome
    answer.full_clean()
    answer.save()
    recorded(actor=actor, proposal=proposal, action="answer_draft", summary=_("%(unit)s保存答复稿") % {"unit": unit.name})
    return answer


@transaction.atomic
def answer_submit(*, actor, answer: Answer) -> Answer:
    """Send the answer on: to the cooperating units for countersignature if there are any (the lead
    unit's answer), else to the office for review. Needs the reply number, the text and the outcome."""
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    proposal = answer.proposal
    assignment = _answering_assignment(actor, proposal, answer.handling_unit)
    missing = {name: msg for name, msg in (
        ("reply_number", _("请填写答复文号。")), ("text", _("请填写答复内容。")),
        ("outcome", _("请选择办理结果（A、B 或 C 类）。"))) if not getattr(answer, name)}
    if missing:
        raise ValidationError(missing)
    if answer.state not in (Answer.State.DRAFTING, Answer.State.RETURNED):
        raise ValidationError(_("答复已报送。"), code="out_of_turn")
    cooperating = []
    if assignment.role == AssignmentRole.LEAD:
        cooperating = list(proposal.assignments.filter(round=proposal.round, role=AssignmentRole.COOPERATING,
                                                       withdrawn_at__isnull=True).select_related("handling_unit"))
    answer.countersigns.all().delete()  # a returned answer is countersigned afresh
    for a in cooperating:
        Countersign.objects.create(answer=answer, handling_unit=a.handling_unit)
    answer.state = Answer.State.COUNTERSIGNING if cooperating else Answer.State.REVIEW
    answer.submitted_at = timezone.now()
    answer.save(update_fields=["state", "submitted_at"])
    recorded(actor=actor, proposal=proposal, action="answer_submit",
             summary=(_("%(unit)s报送答复，送协办单位会签") if cooperating else _("%(unit)s报送答复，待审核"))
             % {"unit": answer.handling_unit.name})
    from tenants.proposals.services.notices import answer_waiting

    answer_waiting(answer=answer, countersigning=[a.handling_unit for a in cooperating])
    return answer


@transaction.atomic
def countersign(*, actor, answer: Answer, unit: HandlingUnit, agree: bool, opinion: str = "") -> Countersign:
    """A cooperating unit agrees to the lead unit's answer or sends its opinion (required when it does
    not agree). When every cooperating unit has answered, the answer goes to the office."""
    who = proposal_actor(actor)
    if unit.pk not in who.handling_unit_ids:
        raise PermissionDenied(_("只有协办单位本身可以会签。"))
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    sign = answer.countersigns.filter(handling_unit=unit).first()
    if sign is None:
        raise PermissionDenied(_("贵单位不是这份答复的会签单位。"))
    if answer.state != Answer.State.COUNTERSIGNING or sign.signed_at is not None:
        raise ValidationError(_("这份答复不在会签中，或贵单位已会签。"), code="out_of_turn")
    opinion = (opinion or "").strip()
    if not agree and not opinion:
        raise ValidationError({"opinion": _("不同意时请写明会签意见。")})
    sign.agreed, sign.opinion, sign.signed_at = agree, opinion, timezone.now()
    sign.save(update_fields=["agreed", "opinion", "signed_at"])
    if not answer.countersigns.filter(signed_at__isnull=True).exists():
        answer.state = Answer.State.REVIEW
        answer.save(update_fields=["state"])
    recorded(actor=actor, proposal=answer.proposal, action="countersign",
             summary=(_("%(unit)s会签同意") if agree else _("%(unit)s会签意见：%(opinion)s"))
             % {"unit": unit.name, "opinion": opinion})
    return sign


@transaction.atomic
def answer_review(*, actor, answer: Answer, approve: bool, note: str = "") -> Answer:
    """The office approves the answer (it is delivered to the signers; once every answering unit of the
    round is delivered the proposal is answered) or returns it to the unit with a note. A delivery
    changes the on-time rate: the computed benchmark values are pushed after commit."""
    office_required(actor)
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("退回时请写明修改意见。")})
    now = timezone.now()
    changed = Answer.objects.filter(pk=answer.pk, state=Answer.State.REVIEW).update(
        state=Answer.State.DELIVERED if approve else Answer.State.RETURNED, review_note=note,
        reviewed_by_user_id=getattr(actor, "pk", None), delivered_at=now if approve else None)
    if not changed:
        raise ValidationError(_("这份答复不在待审核状态（可能已被他人审核）。"), code="out_of_turn")
    answer.refresh_from_db()
    proposal = Proposal.objects.select_for_update().get(pk=answer.proposal_id)
    recorded(actor=actor, proposal=proposal, action="answer_approve" if approve else "answer_return",
             summary=(_("审核通过%(unit)s的答复") if approve else _("退回%(unit)s的答复：%(note)s"))
             % {"unit": answer.handling_unit.name, "note": note})
    if approve:
        from tenants.proposals.benchmark_push import benchmark_push_later

        benchmark_push_later()
        answering = set(proposal.assignments.filter(round=proposal.round, withdrawn_at__isnull=True)
                        .exclude(role=AssignmentRole.COOPERATING).values_list("handling_unit_id", flat=True))
        delivered = set(proposal.answers.filter(round=proposal.round, state=Answer.State.DELIVERED)
                        .values_list("handling_unit_id", flat=True))
        if answering <= delivered:
            moved(proposal, from_states=Status.ASSIGNED, to=Status.ANSWERED, answered_on=timezone.localdate())
            from tenants.reminders.services import deadline_close

            deadline_close(source=DEADLINE_SOURCE, key=answer_deadline_key(proposal))
            from tenants.proposals.services.notices import proposal_answered

            proposal_answered(proposal=proposal)
    else:
        from tenants.proposals.services.notices import answer_returned

        answer_returned(answer=answer)
    return answer


def _rater(actor, proposal: Proposal) -> Signer | None:
    """The signer rating (a confirmed signer), or None when the office rates a group proposal."""
    who = proposal_actor(actor)
    if proposal.origin != Origin.MEMBER and who.is_office:
        return None
    signer = next((s for s in proposal.signers.all() if s.member_id == who.member_id and s.is_confirmed), None)
    if signer is None:
        raise PermissionDenied(_("只有提案人可以评价答复。"))
    return signer


@transaction.atomic
def rating_give(*, actor, answer: Answer, satisfaction: str, comment: str = "") -> Rating | None:
    """A signer rates a delivered answer. 不满意 in the first round sends the proposal back to its units
    for a second handling; when every signer has rated every answer of the round, it is closed. The
    computed benchmark values (the satisfaction rate) are pushed after commit."""
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意、基本满意或不满意。")})
    proposal = Proposal.objects.select_for_update().get(pk=answer.proposal_id)
    answer = Answer.objects.get(pk=answer.pk)
    if answer.state != Answer.State.DELIVERED or answer.round != proposal.round or proposal.status != Status.ANSWERED:
        raise ValidationError(_("这份答复现在不能评价。"), code="out_of_turn")
    signer = _rater(actor, proposal)
    comment = (comment or "").strip()
    if satisfaction == Satisfaction.UNSATISFIED and not comment:
        raise ValidationError({"comment": _("不满意时请写明意见，承办单位据此再次办理。")})
    rating = None
    if signer is not None:
        if Rating.objects.filter(answer=answer, signer=signer).exists():
            raise ValidationError(_("您已评价过这份答复。"), code="out_of_turn")
        rating = Rating.objects.create(answer=answer, signer=signer, satisfaction=satisfaction, comment=comment)
    recorded(actor=actor, proposal=proposal, action="rate", summary=_("评价%(unit)s的答复：%(rating)s") % {
        "unit": answer.handling_unit.name, "rating": Satisfaction(satisfaction).label})
    from tenants.proposals.benchmark_push import benchmark_push_later

    benchmark_push_later()
    if satisfaction == Satisfaction.UNSATISFIED and proposal.round < MAX_ROUNDS:
        proposal = second_round_start(proposal=proposal)
        recorded(actor=actor, proposal=proposal, action="second_round", summary=_("不满意，再次办理"))
        from tenants.proposals.services.notices import proposal_assigned

        proposal_assigned(proposal=proposal, units=[a.handling_unit for a in
                                                    proposal.assignments.filter(round=proposal.round)])
        return rating
    signers = [s.pk for s in proposal.signers.all() if s.is_confirmed]
    delivered = list(proposal.answers.filter(round=proposal.round, state=Answer.State.DELIVERED))
    everyone_rated = signer is None or all(
        Rating.objects.filter(answer=a, signer_id__in=signers).count() == len(signers) for a in delivered)
    if everyone_rated:
        moved(proposal, from_states=Status.ANSWERED, to=Status.CLOSED)
    return rating
