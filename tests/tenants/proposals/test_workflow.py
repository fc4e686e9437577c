"""The proposal workflow as the services run it: draft with a co-signer, review, assignment,
answer with countersignature, office review, rating, second handling; out of turn and bad input."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Kind, Notification
from tenants.history.models import ChangeLog
from tenants.proposals.models import Answer, Assignment, Proposal, Rating, Signer, Status
from tenants.proposals.services import answers, drafting, handling, review
from tests.tenants.proposals.conftest import draft

pytestmark = pytest.mark.django_db


def messages_of(error) -> list[str]:
    return sum(error.message_dict.values(), []) if hasattr(error, "error_dict") else error.messages


def notified(kind, user) -> bool:
    return Notification.objects.filter(kind=kind, user=user).exists()


def test_a_proposal_from_draft_to_a_second_handling(season):
    units = season["units"]
    proposal = draft(season)
    assert [(s.member.name, s.is_lead, s.is_confirmed) for s in proposal.signers.all()] == [("测试委员甲", True, True)]

    # co-signers: one confirms, one never does (and so does not count)
    drafting.cosigners_invite(actor=season["lead"], proposal=proposal,
                              members=[season["co_member"], season["other_member"]])
    assert notified(Kind.PROPOSAL_COSIGN, season["co"]) and notified(Kind.PROPOSAL_COSIGN, season["other"])
    drafting.cosign_respond(actor=season["co"], proposal=proposal, accept=True)
    proposal = drafting.proposal_submit(actor=season["lead"], proposal=proposal)
    assert proposal.status == Status.SUBMITTED and notified(Kind.PROPOSAL_SUBMITTED, season["office"])

    # 立案: numbered, the confirmed signers told (not the one who never confirmed)
    proposal = review.proposal_decide(actor=season["office"], proposal=proposal, decision="accept")
    assert (proposal.status, proposal.number) == (Status.ACCEPTED, "1")
    assert notified(Kind.PROPOSAL_DECIDED, season["co"]) and not notified(Kind.PROPOSAL_DECIDED, season["other"])

    # 交办: a lead unit and a cooperating unit; the answer is due in 90 days
    proposal = handling.proposal_assign(actor=season["office"], proposal=proposal, lead=units["traffic"],
                                        cooperating=[units["housing"]])
    assert proposal.status == Status.ASSIGNED
    assert proposal.answer_due_on == timezone.localdate() + dt.timedelta(days=90)
    assert notified(Kind.PROPOSAL_ASSIGNED, season["traffic"]) and notified(Kind.PROPOSAL_ASSIGNED, season["housing"])
    assert not notified(Kind.PROPOSAL_ASSIGNED, season["finance"])

    # the cooperating unit cannot write the answer; the lead unit can
    with pytest.raises(PermissionDenied):
        answers.answer_save(actor=season["housing"], proposal=proposal, unit=units["housing"], text="x")
    answer = answers.answer_save(actor=season["traffic"], proposal=proposal, unit=units["traffic"],
                                 reply_number="资交函〔2031〕12号", text="已调整 3 条线路。", contact="张科长 028-26612345",
                                 outcome="A")
    answer = answers.answer_submit(actor=season["traffic"], answer=answer)
    assert answer.state == Answer.State.COUNTERSIGNING and notified(Kind.PROPOSAL_ANSWER, season["housing"])
    answers.countersign(actor=season["housing"], answer=answer, unit=units["housing"], agree=True)
    answer.refresh_from_db()
    assert answer.state == Answer.State.REVIEW

    # the office returns it once, the unit corrects and resubmits, the office approves
    answers.answer_review(actor=season["office"], answer=answer, approve=False, note="请补充站点建设时间表。")
    assert notified(Kind.PROPOSAL_ANSWER, season["traffic"])
    answers.answer_save(actor=season["traffic"], proposal=proposal, unit=units["traffic"],
                        reply_number="资交函〔2031〕12号", text="已调整 3 条线路，年底前增设 5 个站点。",
                        contact="张科长 028-26612345", outcome="B")
    answer = answers.answer_submit(actor=season["traffic"], answer=Answer.objects.get(pk=answer.pk))
    answers.countersign(actor=season["housing"], answer=answer, unit=units["housing"], agree=True)
    answers.answer_review(actor=season["office"], answer=answer, approve=True)
    proposal.refresh_from_db()
    assert proposal.status == Status.ANSWERED and notified(Kind.PROPOSAL_ANSWERED, season["lead"])

    # 不满意 sends it back for a second handling by the same units
    with pytest.raises(ValidationError) as error:
        answers.rating_give(actor=season["co"], answer=answer, satisfaction="unsatisfied")
    assert "不满意时请写明意见" in messages_of(error.value)[0]
    answers.rating_give(actor=season["co"], answer=answer, satisfaction="unsatisfied", comment="站点仍未落实。")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.round) == (Status.ASSIGNED, 2)
    assert sorted(Assignment.objects.filter(proposal=proposal, round=2).values_list("handling_unit__name", "role")) == [
        ("测试交通运输局", "lead"), ("测试住房和城乡建设局", "cooperating")]

    # second round: answered again, both signers satisfied → closed
    second = answers.answer_save(actor=season["traffic"], proposal=proposal, unit=units["traffic"],
                                 reply_number="资交函〔2031〕30号", text="5 个站点已建成。", outcome="A")
    second = answers.answer_submit(actor=season["traffic"], answer=second)
    answers.countersign(actor=season["housing"], answer=second, unit=units["housing"], agree=False,
                        opinion="建议补充站点维护责任。")
    answers.answer_review(actor=season["office"], answer=second, approve=True)
    answers.rating_give(actor=season["lead"], answer=second, satisfaction="satisfied")
    proposal.refresh_from_db()
    assert proposal.status == Status.ANSWERED  # the co-signer has not rated yet
    answers.rating_give(actor=season["co"], answer=second, satisfaction="basic")
    proposal.refresh_from_db()
    assert proposal.status == Status.CLOSED
    assert Rating.objects.filter(answer=second).count() == 2
    actions = list(ChangeLog.objects.filter(model="proposal", object_id=proposal.pk).values_list("action", flat=True))
    assert {"draft", "invite", "cosign", "submit", "accept", "assign", "answer_submit", "countersign",
            "answer_return", "answer_approve", "rate", "second_round"} <= set(actions)


def test_only_confirmed_cosigners_count_and_the_deadline_holds(season):
    proposal = draft(season)
    drafting.cosigners_invite(actor=season["lead"], proposal=proposal, members=[season["co_member"]])
    drafting.cosign_respond(actor=season["co"], proposal=proposal, accept=False)
    assert [s.member.name for s in proposal.signers.all() if s.is_confirmed] == ["测试委员甲"]
    with pytest.raises(PermissionDenied):
        drafting.cosign_respond(actor=season["other"], proposal=proposal, accept=True)
    season["year"].submission_deadline = timezone.localdate() - dt.timedelta(days=1)
    season["year"].save()
    with pytest.raises(ValidationError) as error:
        drafting.proposal_submit(actor=season["lead"], proposal=proposal)
    assert "截止提交" in messages_of(error.value)[0]
    assert Proposal.objects.get(pk=proposal.pk).status == Status.DRAFT


def test_review_outcomes_and_out_of_turn(season):
    a, b, c, d = (drafting.proposal_submit(actor=season["lead"], proposal=draft(season, title=f"提案{i}"))
                  for i in range(4))
    with pytest.raises(PermissionDenied):
        review.proposal_decide(actor=season["staff"], proposal=a, decision="accept")  # not the office's unit
    with pytest.raises(ValidationError) as error:
        review.proposal_decide(actor=season["office"], proposal=a, decision="decline")
    assert messages_of(error.value) == ["不予立案须写明理由。"]
    review.proposal_decide(actor=season["office"], proposal=a, decision="decline", reason="属于司法程序范围。")
    review.proposal_decide(actor=season["office"], proposal=b, decision="forward")
    c = review.proposal_decide(actor=season["office"], proposal=c, decision="accept")
    d = review.proposal_decide(actor=season["office"], proposal=d, decision="merge", into=c)
    assert (d.status, d.merged_into_id) == (Status.MERGED, c.pk)
    assert Signer.objects.filter(proposal=d).count() == 1  # the merged one keeps its signers
    # a second decision on a decided proposal: refused, nothing changed
    with pytest.raises(ValidationError) as error:
        review.proposal_decide(actor=season["office"], proposal=a, decision="accept")
    assert "当前为“不予立案”" in messages_of(error.value)[0]
    assert Proposal.objects.get(pk=a.pk).number == ""


def test_split_assignment_and_change_requests(season):
    units = season["units"]
    proposal = review.proposal_decide(actor=season["office"], decision="accept", proposal=drafting.proposal_submit(
        actor=season["lead"], proposal=draft(season)))
    with pytest.raises(ValidationError) as error:
        handling.proposal_assign(actor=season["office"], proposal=proposal, split=[(units["traffic"], "线路")])
    assert "分办至少需要两个承办单位" in messages_of(error.value)[0]
    handling.proposal_assign(actor=season["office"], proposal=proposal,
                             split=[(units["traffic"], "公交线路调整"), (units["finance"], "站点建设资金")])
    finance = Assignment.objects.get(proposal=proposal, handling_unit=units["finance"])
    with pytest.raises(PermissionDenied):
        handling.change_request_create(actor=season["traffic"], assignment=finance, reason="不是我们的")
    request = handling.change_request_create(actor=season["finance"], assignment=finance,
                                             reason="站点资金由住建部门统筹。", suggested_unit="住建局")
    assert notified(Kind.PROPOSAL_CHANGE, season["office"])
    handling.change_request_decide(actor=season["office"], request=request, grant=True, new_unit=units["housing"])
    with pytest.raises(ValidationError):
        handling.change_request_decide(actor=season["office"], request=request, grant=False)
    current = Assignment.objects.filter(proposal=proposal, withdrawn_at__isnull=True)
    assert sorted(current.values_list("handling_unit__name", "part")) == [
        ("测试交通运输局", "公交线路调整"), ("测试住房和城乡建设局", "站点建设资金")]
    # each split unit answers; the proposal is answered when both are delivered
    for key in ("traffic", "housing"):
        answer = answers.answer_save(actor=season[key], proposal=proposal, unit=units[key],
                                     reply_number=f"函{key}", text="已办理。", outcome="A")
        answers.answer_submit(actor=season[key], answer=answer)
        answers.answer_review(actor=season["office"], answer=answer, approve=True)
        proposal.refresh_from_db()
    assert proposal.status == Status.ANSWERED


def test_a_change_request_after_the_set_days_is_refused(season):
    units = season["units"]
    proposal = review.proposal_decide(actor=season["office"], decision="accept", proposal=drafting.proposal_submit(
        actor=season["lead"], proposal=draft(season)))
    handling.proposal_assign(actor=season["office"], proposal=proposal, lead=units["traffic"])
    Assignment.objects.filter(proposal=proposal).update(assigned_at=timezone.now() - dt.timedelta(days=8))
    with pytest.raises(ValidationError) as error:
        handling.change_request_create(actor=season["traffic"], assignment=Assignment.objects.get(proposal=proposal),
                                       reason="不是我们的")
    assert "7 天内才能申请调整" in messages_of(error.value)[0]


def test_what_a_handling_unit_is_told_opens_its_own_page_of_the_proposal(season, site):
    """Handling-unit staff may not open the committee's proposal page: each notice to them opens
    their unit's assignment, for the lead unit and the cooperating unit alike."""
    units = season["units"]
    proposal = draft(season)
    proposal = drafting.proposal_submit(actor=season["lead"], proposal=proposal)
    proposal = review.proposal_decide(actor=season["office"], proposal=proposal, decision="accept")
    proposal = handling.proposal_assign(actor=season["office"], proposal=proposal, lead=units["traffic"],
                                        cooperating=[units["housing"]])
    answer = answers.answer_save(actor=season["traffic"], proposal=proposal, unit=units["traffic"],
                                 reply_number="资交函〔2031〕13号", text="已调整线路。", outcome="A")
    answers.answer_submit(actor=season["traffic"], answer=answer)
    for key, kinds in (("traffic", {Kind.PROPOSAL_ASSIGNED}), ("housing", {Kind.PROPOSAL_ASSIGNED, Kind.PROPOSAL_ANSWER})):
        user = season[key]
        assignment = Assignment.objects.get(proposal=proposal, handling_unit=units[key])
        notices = list(Notification.objects.filter(user=user, kind__in=kinds))
        assert {n.kind for n in notices} == kinds
        assert {n.url for n in notices} == {f"/proposals/handling/{assignment.pk}/"}
        assert site("ziyang", user.username).get(notices[0].url).status_code == 200
