"""The report pages as each role uses them: a member submits and follows their report (and the office's
edits); the office edits, decides, forwards and records an instruction; the provincial officer lists the
province's forwarded reports and records its adoption on the province's site. Bad input gets a message
and changes nothing."""
import pytest
from django_tenants.utils import schema_context

from shared.opinion_exchange.models import ForwardedReport
from tenants.opinions.models import Instruction, OpinionReport, Status

pytestmark = pytest.mark.django_db


def ziyang(fn):
    with schema_context("ziyang"):
        return fn()


def test_the_demo_has_reports_in_every_state_and_an_instruction():
    states = ziyang(lambda: set(OpinionReport.objects.values_list("status", flat=True)))
    assert set(Status.values) <= states
    assert ziyang(lambda: Instruction.objects.filter(level="province").exists())
    assert ForwardedReport.objects.filter(organisation__schema_name="ziyang", province_adopted_on__isnull=False).exists()


def test_a_member_submits_and_sees_what_the_office_changed(site):
    member = site("ziyang", "ziyang_member")
    page = member.get("/opinions/")
    assert page.status_code == 200 and 'href="/opinions/new/"' in page.content.decode()
    before = ziyang(lambda: OpinionReport.objects.count())
    refused = member.post("/opinions/new/", {"origin": "member", "title": "", "situation": "", "suggestions": ""})
    body = refused.content.decode()
    assert refused.status_code == 400 and "请填写标题。" in body and "请填写意见建议。" in body
    bad_file = member.post("/opinions/new/", {"origin": "member", "title": "t", "situation": "s", "suggestions": "x",
                                              "attachment": _upload("a.exe", b"MZ")})
    assert bad_file.status_code == 400 and "附件只能是" in bad_file.content.decode()
    assert ziyang(lambda: OpinionReport.objects.count()) == before
    made = member.post("/opinions/new/", {
        "origin": "member", "title": "群众反映公园厕所夜间关闭", "situation": "城区公园公厕晚上八点即关闭。",
        "views": "晨练和夜跑的市民不便。", "suggestions": "延长开放时间至晚上十点。",
        "attachment": _upload("照片说明.pdf", b"%PDF-1.4 test")})
    assert made.status_code == 302
    report = ziyang(lambda: OpinionReport.objects.get(title="群众反映公园厕所夜间关闭"))
    assert report.status == Status.SUBMITTED and report.attachment
    assert member.get(f"/opinions/{report.pk}/attachment/").status_code == 200

    office = site("ziyang", "ziyang_admin")
    edited = office.post(f"/opinions/{report.pk}/edit/", {
        "title": "群众反映公园厕所夜间关闭过早", "situation": report.situation, "views": report.views,
        "suggestions": report.suggestions, "note": ""})
    assert edited.status_code == 302
    detail = member.get(f"/opinions/{report.pk}/").content.decode()
    assert 'data-testid="changes"' in detail and "<ins>过早</ins>" in detail
    assert 'data-testid="decide"' not in detail  # a member does not decide


def test_the_office_decides_forwards_and_records_an_instruction(site):
    office = site("ziyang", "ziyang_admin")
    pk = ziyang(lambda: OpinionReport.objects.filter(status=Status.SUBMITTED).values_list("pk", flat=True).first())
    refused = office.post(f"/opinions/{pk}/decide/", {"use": "0", "reason": ""})
    assert refused.status_code == 400 and "不采用须写明理由" in refused.content.decode()
    assert office.post(f"/opinions/{pk}/decide/", {"use": "1"}).status_code == 302
    assert ziyang(lambda: OpinionReport.objects.get(pk=pk).status) == Status.USED
    twice = office.post(f"/opinions/{pk}/decide/", {"use": "1"})
    assert twice.status_code == 400 and "已采用" in twice.content.decode()
    none = office.post(f"/opinions/{pk}/forward/", {})
    assert none.status_code == 400 and "请选择报送省政协或全国政协" in none.content.decode()
    assert office.post(f"/opinions/{pk}/forward/", {"to_province": "on"}).status_code == 302
    bad = office.post(f"/opinions/{pk}/instruction/", {"leader": "副省长 某某", "level": "national",
                                                       "instructed_on": "2000-01-01", "text": "阅"})
    assert bad.status_code == 400 and "没有报送全国政协" in bad.content.decode()
    from django.utils import timezone

    ok = office.post(f"/opinions/{pk}/instruction/", {"leader": "副省长 某某", "level": "province",
                                                      "instructed_on": timezone.localdate().isoformat(),
                                                      "text": "请有关部门研究。"})
    assert ok.status_code == 302
    detail = office.get(f"/opinions/{pk}/").content.decode()
    assert "请有关部门研究。" in detail and "变更记录" in detail


def test_a_member_or_viewer_cannot_act_for_the_office(site):
    pk = ziyang(lambda: OpinionReport.objects.filter(status=Status.USED).values_list("pk", flat=True).first())
    for username in ("ziyang_member", "ziyang_viewer", "ziyang_staff"):
        client = site("ziyang", username)
        assert client.get(f"/opinions/{pk}/").status_code == 200  # used reports are the committee's to read
        refused = client.post(f"/opinions/{pk}/forward/", {"to_province": "on"})
        assert refused.status_code == 400 and "只有社情民意工作机构" in refused.content.decode()
        assert client.get(f"/opinions/{pk}/edit/").status_code == 404
    assert ziyang(lambda: OpinionReport.objects.get(pk=pk).status) == Status.USED
    # another member's report that was not used stays theirs
    hidden = ziyang(lambda: OpinionReport.objects.filter(status=Status.DECLINED).values_list("pk", flat=True).first())
    assert site("ziyang", "ziyang_viewer").get(f"/opinions/{hidden}/").status_code == 404


def test_the_provincial_officer_lists_and_adopts_on_the_provinces_site(site):
    officer = site("sichuan", "sichuan_officer")
    page = officer.get("/opinion-exchange/")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="forwarded-row"' in body and "资阳" in body
    waiting = ForwardedReport.objects.filter(organisation__schema_name="ziyang", province_adopted_on=None).first()
    bad = officer.post(f"/opinion-exchange/{waiting.pk}/adopt/", {"adopted_on": "", "issue": ""})
    assert bad.status_code == 400 and "请填写采用日期。" in bad.content.decode()
    from django.utils import timezone

    ok = officer.post(f"/opinion-exchange/{waiting.pk}/adopt/",
                      {"adopted_on": timezone.localdate().isoformat(), "issue": "第 16 期"})
    assert ok.status_code == 302
    # it flows back to the committee's own page
    detail = site("ziyang", "ziyang_admin").get(f"/opinions/{waiting.report_id}/").content.decode()
    assert 'data-testid="province-adoption"' in detail and "第 16 期" in detail
    # not on a committee's site, and not for another province's officer
    assert site("ziyang", "sichuan_officer").get("/opinion-exchange/").status_code == 302
    assert site("zhejiang", "zhejiang_officer").get("/opinion-exchange/").content.decode().count("forwarded-row") == 0
    assert site("ziyang", "ziyang_admin").get("/opinion-exchange/").status_code in (302, 403)


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
