"""The proposal pages as each role uses them: a member drafts, invites and submits; the office decides
and assigns; a handling unit sees only its own proposals and answers; a signer rates. Bad input gets a
message and changes nothing."""
import pytest
from django_tenants.utils import schema_context

from tenants.proposals.models import Answer, Assignment, HandlingUnit, Proposal, Status

pytestmark = pytest.mark.django_db


def ziyang(fn):
    with schema_context("ziyang"):
        return fn()


def test_the_demo_year_has_proposals_in_every_state():
    states = ziyang(lambda: set(Proposal.objects.values_list("status", flat=True)))
    assert {Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED, Status.DECLINED, Status.FORWARDED, Status.MERGED,
            Status.ASSIGNED, Status.ANSWERED, Status.CLOSED} <= states


def test_a_member_drafts_invites_and_submits_from_the_pages(site):
    member = site("ziyang", "ziyang_member")
    page = member.get("/proposals/")
    assert page.status_code == 200 and 'href="/proposals/new/"' in page.content.decode()
    # bad input: a clear message, nothing saved
    refused = member.post("/proposals/new/", {"title": "", "origin": "member", "suggestions": ""})
    assert refused.status_code == 400
    assert "请填写案由。" in refused.content.decode() and "请填写具体建议。" in refused.content.decode()
    before = ziyang(lambda: Proposal.objects.count())
    made = member.post("/proposals/new/", {"title": "关于增设城区公共自行车站点的建议", "origin": "member",
                                           "situation": "站点少。", "analysis": "", "suggestions": "增设站点 20 个。"})
    assert made.status_code == 302
    proposal = ziyang(lambda: Proposal.objects.get(title="关于增设城区公共自行车站点的建议"))
    assert ziyang(lambda: Proposal.objects.count()) == before + 1 and proposal.status == Status.DRAFT
    detail = member.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "邀请联名" in detail and "提交提案" in detail
    assert member.post(f"/proposals/{proposal.pk}/submit/").status_code == 302
    assert ziyang(lambda: Proposal.objects.get(pk=proposal.pk).status) == Status.SUBMITTED
    # submitting twice: refused with the state it is in
    again = member.post(f"/proposals/{proposal.pk}/submit/")
    assert again.status_code == 400 and "提案已提交，不能再修改。" in again.content.decode()


def test_the_office_decides_and_assigns(site):
    office = site("ziyang", "ziyang_admin")
    pk = ziyang(lambda: Proposal.objects.filter(status=Status.SUBMITTED).values_list("pk", flat=True).first())
    refused = office.post(f"/proposals/{pk}/decide/", {"decision": "decline", "reason": ""})
    assert refused.status_code == 400 and "不予立案须写明理由。" in refused.content.decode()
    assert office.post(f"/proposals/{pk}/decide/", {"decision": "accept"}).status_code == 302
    unit = ziyang(lambda: HandlingUnit.objects.get(name="市教育局"))
    bad = office.post(f"/proposals/{pk}/assign/", {"split": "不存在的局：某事"})
    assert bad.status_code == 400 and "没有名为“不存在的局”的承办单位" in bad.content.decode()
    assert office.post(f"/proposals/{pk}/assign/", {"lead": unit.pk}).status_code == 302
    assert ziyang(lambda: Proposal.objects.get(pk=pk).status) == Status.ASSIGNED


def test_a_handling_unit_sees_only_its_own_and_nothing_else(site):
    handler = site("ziyang", "ziyang_handler")  # 市交通运输局
    page = handler.get("/proposals/handling/")
    assert page.status_code == 200
    own = ziyang(lambda: list(Assignment.objects.filter(handling_unit__name="市交通运输局", withdrawn_at__isnull=True)
                               .values_list("pk", "proposal__title")))
    other = ziyang(lambda: Assignment.objects.exclude(handling_unit__name="市交通运输局").values_list("pk", flat=True).first())
    text = page.content.decode()
    assert own and all(title in text for _pk, title in own)
    assert "关于缓解老旧小区停车难的提案" not in text  # accepted but not assigned to them
    assert handler.get(f"/proposals/handling/{other}/").status_code == 404
    for path in ("/structure/members/", "/programmes/", "/proposals/", "/golden-ideas/", "/api/members/"):
        assert handler.get(path).status_code == 403, path
    assert handler.get("/")["Location"] == "/proposals/handling/"  # no workspace: their own page instead
    # another committee's host: nothing
    assert site("jinhua", "ziyang_handler").get("/proposals/handling/").status_code == 403


def test_a_handling_unit_answers_and_the_signer_rates(site):
    handler = site("ziyang", "ziyang_handler")
    office = site("ziyang", "ziyang_admin")
    # a fresh assignment to 交通运输局 of the accepted proposal waiting to be assigned
    pk = ziyang(lambda: Proposal.objects.filter(status=Status.ACCEPTED, title__contains="转贷").values_list("pk", flat=True).get())
    unit = ziyang(lambda: HandlingUnit.objects.get(name="市交通运输局"))
    assert office.post(f"/proposals/{pk}/assign/", {"lead": unit.pk}).status_code == 302
    assignment = ziyang(lambda: Assignment.objects.get(proposal_id=pk, handling_unit=unit))
    missing = handler.post(f"/proposals/handling/{assignment.pk}/answer/", {"text": "已办理。", "submit": "1"})
    assert missing.status_code == 400 and "请填写答复文号。" in missing.content.decode()
    sent = handler.post(f"/proposals/handling/{assignment.pk}/answer/",
                        {"reply_number": "资交函〔2026〕40号", "text": "已会同财政部门研究。", "outcome": "B", "submit": "1"})
    assert sent.status_code == 302
    answer = ziyang(lambda: Answer.objects.get(proposal_id=pk))
    assert answer.state == Answer.State.REVIEW
    assert office.post(f"/proposals/{pk}/answers/{answer.pk}/review/", {"approve": "1"}).status_code == 302
    assert ziyang(lambda: Proposal.objects.get(pk=pk).status) == Status.ANSWERED
    # a group proposal: the office rates it
    rated = office.post(f"/proposals/{pk}/answers/{answer.pk}/rate/", {"satisfaction": "satisfied"})
    assert rated.status_code == 302
    assert ziyang(lambda: Proposal.objects.get(pk=pk).status) == Status.CLOSED


def test_the_member_rates_the_demo_answer_and_unsatisfied_sends_it_back(site):
    member = site("ziyang", "ziyang_member")
    proposal = ziyang(lambda: Proposal.objects.get(title="关于优化中心城区公交线网的建议"))
    answer = ziyang(lambda: Answer.objects.get(proposal=proposal))
    page = member.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "您对这份答复的评价" in page
    refused = member.post(f"/proposals/{proposal.pk}/answers/{answer.pk}/rate/", {"satisfaction": "unsatisfied"})
    assert refused.status_code == 400 and "不满意时请写明意见" in refused.content.decode()
    assert member.post(f"/proposals/{proposal.pk}/answers/{answer.pk}/rate/",
                       {"satisfaction": "unsatisfied", "comment": "站点仍未覆盖新区。"}).status_code == 302
    again = ziyang(lambda: Proposal.objects.get(pk=proposal.pk))
    assert (again.status, again.round) == (Status.ASSIGNED, 2)
