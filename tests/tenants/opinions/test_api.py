"""The social-conditions reports API through the real HTTP client on 资阳's host: authors submit and
read their own, the office edits, decides, forwards and records what came back, out-of-turn moves get
the one error body, nobody else reads what is not used."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.opinions.models import OpinionReport, Status
from tests.tenants.opinions.conftest import submit

pytestmark = pytest.mark.django_db

JSON = "application/json"
REPORT = {"title": "关于农村客运班线停运的情况反映", "situation": "部分乡镇客运班线停运，群众出行难。",
          "views": "群众希望恢复班线。", "suggestions": "建议以公交化改造恢复班线。"}


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def test_a_member_submits_and_follows_the_report_to_an_instruction(site, people):
    author, office = site("ziyang", "o_author"), site("ziyang", "o_research")
    made = _post(author, "/api/opinions/", REPORT)
    assert made.status_code == 201, made.json()
    body = made.json()
    pk = body["id"]
    assert (body["status"], body["origin"], body["author"], body["changes"]) == ("submitted", "member", "测试委员甲", [])
    # the office edits: the author sees what changed
    edited = _post(office, f"/api/opinions/{pk}/edit/", {"title": "关于恢复农村客运班线的建议", "note": "改标题"})
    assert edited.status_code == 200, edited.json()
    changes = author.get(f"/api/opinions/{pk}/").json()["changes"]
    assert [c["field"] for c in changes] == ["title"]
    assert {"kind": "ins", "text": "恢复"} in changes[0]["segments"]
    used = _post(office, f"/api/opinions/{pk}/decide/", {"use": True})
    assert used.status_code == 200 and used.json()["status"] == "used" and used.json()["bulletin_issue"]
    forwarded = _post(office, f"/api/opinions/{pk}/forward/", {"to_province": True, "to_national": True})
    assert forwarded.status_code == 200
    assert (forwarded.json()["status"], forwarded.json()["to_national"]) == ("forwarded", True)
    today = timezone.localdate().isoformat()
    adopted = _post(office, f"/api/opinions/{pk}/adoption/", {"adopted_on": today, "issue": "第 12 期"})
    assert adopted.status_code == 200
    assert [(a["level"], a["issue"]) for a in adopted.json()["adoptions"]] == [("national", "第 12 期")]
    instructed = _post(office, f"/api/opinions/{pk}/instruction/", {
        "leader": "王某某 市长", "level": "city", "instructed_on": today, "text": "请交通局研究落实。"})
    assert instructed.status_code == 200, instructed.json()
    assert [(i["leader"], i["level"]) for i in author.get(f"/api/opinions/{pk}/").json()["instructions"]] == [
        ("王某某 市长", "city")]


def test_out_of_turn_and_bad_input_get_the_one_error_body_and_change_nothing(site, people):
    report = submit(people)
    office = site("ziyang", "o_research")
    forward_early = _post(office, f"/api/opinions/{report.pk}/forward/", {"to_province": True})
    assert forward_early.status_code == 400
    assert forward_early.json() == {
        "code": "out_of_turn", "detail": "这份信息当前为“待处理”，不能进行此操作（可能已被他人处理），请刷新后再看。",
        "errors": {"non_field_errors": ["这份信息当前为“待处理”，不能进行此操作（可能已被他人处理），请刷新后再看。"]}}
    no_reason = _post(office, f"/api/opinions/{report.pk}/decide/", {"use": False})
    assert (no_reason.status_code, no_reason.json()["errors"]) == (400, {"reason": ["不采用须写明理由（报送者会看到）。"]})
    bad_date = _post(office, f"/api/opinions/{report.pk}/instruction/", {
        "leader": "王某某", "level": "city", "instructed_on": "昨天", "text": "阅"})
    assert (bad_date.status_code, bad_date.json()["errors"]) == (400, {"instructed_on": ["请填写有效的日期。"]})
    empty = _post(site("ziyang", "o_author"), "/api/opinions/", {**REPORT, "title": "  "})
    assert (empty.status_code, empty.json()["errors"]) == (400, {"title": ["请填写标题。"]})
    with schema_context("ziyang"):
        assert OpinionReport.objects.get(pk=report.pk).status == Status.SUBMITTED
        assert not OpinionReport.objects.filter(situation=REPORT["situation"]).exists()
    # the author is not the office
    refused = _post(site("ziyang", "o_author"), f"/api/opinions/{report.pk}/decide/", {"use": True})
    assert refused.json() == {"code": "permission_denied", "detail": "只有社情民意工作机构可以办理此事。", "errors": {}}


def test_each_role_reads_only_what_its_pages_show(site, people):
    waiting = submit(people)
    used = submit(people, title="关于城区停车收费的建议")
    with schema_context("ziyang"):
        from tenants.opinions.services.office import report_decide

        report_decide(actor=people["admin"], report=used, use=True)
    author, other = site("ziyang", "o_author"), site("ziyang", "o_other")
    assert {waiting.pk, used.pk} <= _ids(author.get("/api/opinions/?mine=true"))
    # another member: the used one, never someone's report still waiting
    seen = _ids(other.get("/api/opinions/"))
    assert used.pk in seen and waiting.pk not in seen
    assert other.get(f"/api/opinions/{waiting.pk}/").status_code == 404
    assert waiting.pk not in _ids(site("ziyang", "o_unit").get("/api/opinions/"))
    # the office: everything, by state
    assert _ids(site("ziyang", "o_research").get("/api/opinions/?status=submitted")) >= {waiting.pk}
    # a handling unit and another committee's people: refused
    assert site("ziyang", "ziyang_handler").get("/api/opinions/").status_code == 403
    foreign = site("ziyang", "jinhua_admin").get(f"/api/opinions/{used.pk}/")
    assert (foreign.status_code, foreign.json()["code"]) == (403, "permission_denied")


def test_a_national_adoption_is_recorded_once(site, people):
    report = submit(people)
    with schema_context("ziyang"):
        from tenants.opinions.services.office import report_decide, report_forward

        report_decide(actor=people["admin"], report=report, use=True)
        report_forward(actor=people["admin"], report=report, to_province=False, to_national=True)
    office = site("ziyang", "o_research")
    day = timezone.localdate().isoformat()
    assert _post(office, f"/api/opinions/{report.pk}/adoption/", {"adopted_on": day}).status_code == 200
    again = _post(office, f"/api/opinions/{report.pk}/adoption/", {"adopted_on": day})
    assert (again.status_code, again.json()["code"]) == (400, "out_of_turn")
    assert again.json()["detail"] == "全国政协采用已经登记过了，请刷新后再看。"
