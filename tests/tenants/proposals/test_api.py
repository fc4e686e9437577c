"""The proposal API through the real HTTP client on 资阳's host: each role reads only what its pages
show, the workflow moves through the services, out-of-turn moves get the one error body."""
import pytest
from django_tenants.utils import schema_context

from tenants.proposals.models import Proposal, Status
from tests.tenants.proposals.conftest import draft

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def _status(pk: int) -> str:
    with schema_context("ziyang"):
        return Proposal.objects.get(pk=pk).status


@pytest.fixture
def submitted(season):
    """A proposal of p_lead co-signed by p_co, submitted; and a draft of p_lead not yet shown to anyone."""
    from tenants.proposals.services.drafting import cosign_respond, cosigners_invite, proposal_submit

    proposal = draft(season)
    cosigners_invite(actor=season["lead"], proposal=proposal, members=[season["co_member"]])
    cosign_respond(actor=season["co"], proposal=proposal, accept=True)
    proposal_submit(actor=season["lead"], proposal=proposal)
    return {"proposal": proposal, "draft": draft(season, title="关于规范城区夜市经营的建议")}


@pytest.fixture
def assigned(season, submitted):
    """The submitted proposal accepted and assigned: 交通局 leads, 住建局 cooperates; 财政局 has nothing."""
    from tenants.proposals.services.handling import proposal_assign
    from tenants.proposals.services.review import proposal_decide

    proposal = submitted["proposal"]
    proposal_decide(actor=season["office"], proposal=proposal, decision="accept")
    proposal_assign(actor=season["office"], proposal=proposal, lead=season["units"]["traffic"],
                    cooperating=[season["units"]["housing"]])
    return proposal


def test_a_member_drafts_invites_and_submits_and_the_co_signer_confirms(site, season):
    lead, co = site("ziyang", "p_lead"), site("ziyang", "p_co")
    made = _post(lead, "/api/proposals/", {"title": "关于增设城区公共自行车站点的建议", "situation": "站点少。",
                                           "suggestions": "增设站点 20 个。"})
    assert made.status_code == 201, made.json()
    body = made.json()
    pk = body["id"]
    assert (body["status"], body["year"], [s["name"] for s in body["signers"]]) == ("draft", 2031, ["测试委员甲"])
    invited = _post(lead, f"/api/proposals/{pk}/invite/", {"members": [season["co_member"].pk]})
    assert invited.status_code == 200, invited.json()
    assert [(s["name"], s["confirmed"]) for s in invited.json()["signers"]] == [
        ("测试委员甲", True), ("测试委员乙", False)]
    # the invited member reads the draft and confirms
    assert pk in _ids(co.get("/api/proposals/"))
    confirmed = _post(co, f"/api/proposals/{pk}/respond/", {"accept": True})
    assert confirmed.status_code == 200, confirmed.json()
    assert [s["confirmed"] for s in confirmed.json()["signers"]] == [True, True]
    submitted = _post(lead, f"/api/proposals/{pk}/submit/")
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    assert _status(pk) == Status.SUBMITTED


def test_submitting_twice_is_refused_in_the_one_error_shape(site, season, submitted):
    pk = submitted["proposal"].pk
    again = _post(site("ziyang", "p_lead"), f"/api/proposals/{pk}/submit/")
    assert again.status_code == 400
    assert again.json() == {"code": "out_of_turn", "detail": "提案已提交，不能再修改。",
                            "errors": {"non_field_errors": ["提案已提交，不能再修改。"]}}


def test_a_draft_without_title_or_suggestions_is_refused_and_nothing_is_saved(site, season):
    with schema_context("ziyang"):
        before = Proposal.objects.count()
    refused = _post(site("ziyang", "p_lead"), "/api/proposals/", {"title": "", "suggestions": ""})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"title": ["请填写案由。"], "suggestions": ["请填写具体建议。"]}
    with schema_context("ziyang"):
        assert Proposal.objects.count() == before


def test_each_role_reads_what_its_pages_show(site, season, submitted):
    pk, draft_pk = submitted["proposal"].pk, submitted["draft"].pk
    lead, co, other = site("ziyang", "p_lead"), site("ziyang", "p_co"), site("ziyang", "p_other")
    office = site("ziyang", "ziyang_admin")
    assert {pk, draft_pk} <= _ids(lead.get("/api/proposals/?year=2031"))
    assert pk in _ids(co.get("/api/proposals/")) and draft_pk not in _ids(co.get("/api/proposals/"))
    # another member: neither the submitted (not yet accepted) proposal nor the draft
    seen = _ids(other.get("/api/proposals/"))
    assert pk not in seen and draft_pk not in seen
    assert other.get(f"/api/proposals/{pk}/").status_code == 404
    assert other.get(f"/api/proposals/{draft_pk}/").json()["code"] == "not_found"
    # the office: every submitted proposal, never someone's draft
    office_seen = _ids(office.get("/api/proposals/?status=submitted&year=2031"))
    assert pk in office_seen and draft_pk not in office_seen
    assert office.get(f"/api/proposals/{draft_pk}/").status_code == 404
    # a handling unit reads nothing of the committee's proposals
    assert site("ziyang", "h_traffic").get("/api/proposals/").status_code == 403
    # a user of another committee: refused
    foreign = site("ziyang", "jinhua_admin")
    assert foreign.get("/api/proposals/").status_code == 403
    assert foreign.get(f"/api/proposals/{pk}/").json()["code"] == "permission_denied"


def test_only_the_office_decides_and_a_second_decision_is_out_of_turn(site, season, submitted):
    pk = submitted["proposal"].pk
    refused = _post(site("ziyang", "p_lead"), f"/api/proposals/{pk}/decide/", {"decision": "accept"})
    assert refused.status_code == 403
    assert refused.json() == {"code": "permission_denied", "detail": "只有提案工作机构可以办理此事。", "errors": {}}
    office = site("ziyang", "ziyang_admin")
    no_reason = _post(office, f"/api/proposals/{pk}/decide/", {"decision": "decline"})
    assert (no_reason.status_code, no_reason.json()["errors"]) == (400, {"reason": ["不予立案须写明理由。"]})
    accepted = _post(office, f"/api/proposals/{pk}/decide/", {"decision": "accept"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted" and accepted.json()["number"]
    again = _post(office, f"/api/proposals/{pk}/decide/", {"decision": "decline", "reason": "重复"})
    assert again.status_code == 400
    assert again.json()["code"] == "out_of_turn"
    assert again.json()["detail"] == "该提案当前为“已立案”，不能进行此操作（可能已被他人处理），请刷新后再看。"
    assert _status(pk) == Status.ACCEPTED
    # an assignment naming no unit: the field and its message, nothing assigned
    bad = _post(office, f"/api/proposals/{pk}/assign/", {"lead": 987654})
    assert (bad.status_code, bad.json()["errors"]) == (400, {"lead": ["找不到该承办单位。"]})
    assert _status(pk) == Status.ACCEPTED


def test_a_handling_unit_sees_only_its_units_assignments(site, season, assigned):
    traffic, housing, finance = (site("ziyang", f"h_{key}") for key in ("traffic", "housing", "finance"))
    rows = traffic.get("/api/proposal-handling/").json()["results"]
    assert [(r["proposal"]["id"], r["role"], r["handling_unit"]) for r in rows] == [
        (assigned.pk, "lead", "测试交通运输局")]
    assert set(rows[0]["proposal"]) >= {"title", "answer_due_on"} and "signers" not in rows[0]["proposal"]
    lead_pk = rows[0]["id"]
    [co_row] = housing.get("/api/proposal-handling/").json()["results"]
    assert (co_row["proposal"]["id"], co_row["role"]) == (assigned.pk, "cooperating")
    # 财政局: nothing, and the other units' assignments are not found
    assert finance.get("/api/proposal-handling/").json()["results"] == []
    assert finance.get(f"/api/proposal-handling/{lead_pk}/").status_code == 404
    detail = traffic.get(f"/api/proposal-handling/{lead_pk}/").json()
    assert detail["proposal"]["signers"] == ["测试委员甲", "测试委员乙"] and detail["answer"] is None
    assert [(o["handling_unit"], o["role"]) for o in detail["others"]] == [
        ("测试交通运输局", "lead"), ("测试住房和城乡建设局", "cooperating")]
    # the committee's people are refused the handling endpoints
    assert site("ziyang", "ziyang_admin").get("/api/proposal-handling/").status_code == 403
    assert site("ziyang", "p_lead").get(f"/api/proposal-handling/{lead_pk}/").status_code == 403


def test_answer_countersign_review_and_an_unsatisfied_rating_sends_it_back(site, season, assigned):
    traffic, housing = site("ziyang", "h_traffic"), site("ziyang", "h_housing")
    office, lead = site("ziyang", "ziyang_admin"), site("ziyang", "p_lead")
    [lead_row] = traffic.get("/api/proposal-handling/").json()["results"]
    [co_row] = housing.get("/api/proposal-handling/").json()["results"]
    lead_url, co_url = f"/api/proposal-handling/{lead_row['id']}/", f"/api/proposal-handling/{co_row['id']}/"
    # the cooperating unit cannot answer, and cannot countersign before the lead unit sends its answer
    assert _post(housing, co_url + "answer/", {"text": "x"}).status_code == 403
    early = _post(housing, co_url + "countersign/", {"agree": True})
    assert (early.status_code, early.json()["code"]) == (400, "out_of_turn")
    # submitting with the reply number missing: the fields named
    saved = _post(traffic, lead_url + "answer/", {"text": "已调整公交线路 3 条。", "contact": "王科长 0832-1234567"})
    assert saved.status_code == 200 and saved.json()["answer"]["state"] == "drafting"
    missing = _post(traffic, lead_url + "answer/submit/")
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"reply_number", "outcome"}
    _post(traffic, lead_url + "answer/", {"reply_number": "资交提〔2031〕1号", "text": "已调整公交线路 3 条。",
                                          "contact": "王科长 0832-1234567", "outcome": "A"})
    sent = _post(traffic, lead_url + "answer/submit/")
    assert sent.status_code == 200 and sent.json()["answer"]["state"] == "countersigning"
    # the answer is sent: the lead unit can no longer change it
    late = _post(traffic, lead_url + "answer/", {"text": "改"})
    assert late.json() == {"code": "out_of_turn", "detail": "答复已报送，不能再修改。",
                           "errors": {"non_field_errors": ["答复已报送，不能再修改。"]}}
    # the cooperating unit reads the lead answer and countersigns
    assert housing.get(co_url).json()["lead_answer"]["reply_number"] == "资交提〔2031〕1号"
    signed = _post(housing, co_url + "countersign/", {"agree": True})
    assert signed.status_code == 200 and signed.json()["lead_answer"]["state"] == "review"
    # the signer does not read the text before the office delivers it
    before = lead.get(f"/api/proposals/{assigned.pk}/").json()["answers"][0]
    assert (before["state"], before["text"]) == ("review", None)
    answer_pk = before["id"]
    reviewed = _post(office, f"/api/proposals/{assigned.pk}/answers/{answer_pk}/review/", {"approve": True})
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "answered"
    delivered = lead.get(f"/api/proposals/{assigned.pk}/").json()["answers"][0]
    assert delivered["text"] == "已调整公交线路 3 条。"
    assert [(c["handling_unit"], c["agreed"]) for c in delivered["countersigns"]] == [("测试住房和城乡建设局", True)]
    # 不满意 needs a comment; with one, the proposal goes back for a second handling
    rate_url = f"/api/proposals/{assigned.pk}/answers/{answer_pk}/rate/"
    bare = _post(lead, rate_url, {"satisfaction": "unsatisfied"})
    assert (bare.status_code, bare.json()["errors"]) == (400, {"comment": ["不满意时请写明意见，承办单位据此再次办理。"]})
    back = _post(lead, rate_url, {"satisfaction": "unsatisfied", "comment": "线路仍未覆盖新小区。"})
    assert back.status_code == 200, back.json()
    assert (back.json()["status"], back.json()["round"]) == ("assigned", 2)
    # the other signer rates the first round's answer too late: out of turn
    late_rating = _post(site("ziyang", "p_co"), rate_url, {"satisfaction": "satisfied"})
    assert (late_rating.status_code, late_rating.json()["detail"]) == (400, "这份答复现在不能评价。")
    # the lead unit's list shows the second round's assignment
    [again] = traffic.get("/api/proposal-handling/").json()["results"]
    assert (again["round"], again["proposal"]["round"]) == (2, 2)


def test_a_handler_of_one_committee_gets_nothing_on_another(site, season, assigned):
    assert site("jinhua", "h_traffic").get("/api/proposal-handling/").status_code == 403
    assert site("jinhua", "ziyang_handler").get("/api/proposal-handling/").status_code == 403
