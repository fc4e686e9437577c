"""The report workflow as the services run it: submission, the office's edit, 采用, 报送, the province's
adoption on its own site, the national adoption, a leader's instruction; out of turn and bad input."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from notifications.models import Kind, Notification
from shared.opinion_exchange.models import ForwardedReport
from shared.opinion_exchange.services import province_adopt
from tenants.history.models import ChangeLog
from tenants.opinions.models import Instruction, OpinionReport, Revision, Status
from tenants.opinions.selectors import changes_made, opinion_actor, reports_visible
from tenants.opinions.services import office, outcomes, submission
from tenants.opinions.services.upward import province_adoptions
from tests.tenants.opinions.conftest import submit

pytestmark = pytest.mark.django_db


def notified(kind, user, **filters) -> bool:
    return Notification.objects.filter(kind=kind, user=user, **filters).exists()


def messages_of(error) -> list[str]:
    return sum(error.message_dict.values(), []) if hasattr(error, "error_dict") else error.messages


def test_a_report_from_submission_to_an_instruction(people):
    report = submit(people)
    assert (report.status, report.member, report.author_name) == (
        Status.SUBMITTED, people["author_member"], "测试委员甲")
    # the office (administrators and 研究室's staff) is told; other units' staff are not
    assert notified(Kind.OPINION_SUBMITTED, people["admin"]) and notified(Kind.OPINION_SUBMITTED, people["office_staff"])
    assert not notified(Kind.OPINION_SUBMITTED, people["unit_staff"])

    # the office edits: the text as submitted is kept, the author sees what changed
    report = office.report_edit(actor=people["office_staff"], report=report, title="老旧小区加装电梯亟需明确资金分摊",
                                suggestions="一是出台分摊指导标准；二是设立街道协调机制。", note="精简标题")
    assert Revision.objects.get(report=report).title == "关于老旧小区加装电梯资金分摊的建议"
    changed = {c["field"]: c["segments"] for c in changes_made(report)}
    assert set(changed) == {"title", "suggestions"}
    assert ("ins", "街道") in changed["suggestions"]

    # 采用: the year's next issue of the bulletin
    year = timezone.localdate().year
    before = max(OpinionReport.objects.filter(bulletin_year=year).exclude(bulletin_issue=None)
                 .values_list("bulletin_issue", flat=True), default=0)
    report = office.report_decide(actor=people["office_staff"], report=report, use=True)
    assert (report.status, report.bulletin_year, report.bulletin_issue) == (Status.USED, year, before + 1)
    assert notified(Kind.OPINION_DECIDED, people["author"])

    # 报送 to both levels: the province's copy carries the edited text
    report = office.report_forward(actor=people["admin"], report=report, to_province=True, to_national=True)
    assert report.status == Status.FORWARDED and report.to_province and report.to_national
    copy = ForwardedReport.objects.get(organisation__schema_name="ziyang", report_id=report.pk)
    assert copy.title == "老旧小区加装电梯亟需明确资金分摊" and "街道协调机制" in copy.text
    assert copy.province_adopted_on is None

    # the province records its adoption on its own site; it flows back to the committee
    officer = User.objects.get(username="sichuan_officer")
    with schema_context("sichuan"):
        province_adopt(actor=officer, forwarded=copy, adopted_on=timezone.localdate(), issue="四川社情民意第12期")
    connection.set_schema("ziyang")
    assert province_adoptions([report.pk]) == {report.pk: (timezone.localdate(), "四川社情民意第12期")}
    assert notified(Kind.OPINION_DECIDED, people["admin"], organisation__schema_name="ziyang",
                    params__title=report.title)

    # the national adoption and a leader's instruction, recorded by the office
    outcomes.national_adoption_record(actor=people["admin"], report=report, adopted_on=timezone.localdate(),
                                      issue="全国政协信息专报第88期")
    instruction = outcomes.instruction_record(
        actor=people["office_staff"], report=report, leader="省长 王某某", level="province",
        instructed_on=timezone.localdate(), text="请住建厅研究提出分摊指导意见。")
    assert instruction.get_level_display() == "省级"
    assert notified(Kind.OPINION_INSTRUCTED, people["author"]) and notified(Kind.OPINION_INSTRUCTED, people["admin"])
    copy.refresh_from_db()
    assert (copy.national_adopted_on, copy.instructions) == (timezone.localdate(), 1)
    assert copy.province_issue == "四川社情民意第12期"  # the committee's push keeps the province's record

    actions = list(ChangeLog.objects.filter(model="opinionreport", object_id=report.pk).order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["submit", "edit", "use", "forward", "adopt_national", "instruction"]


def test_not_used_needs_a_reason_which_the_author_reads(people):
    report = submit(people)
    with pytest.raises(ValidationError) as refused:
        office.report_decide(actor=people["admin"], report=report, use=False, reason="  ")
    assert "不采用须写明理由" in messages_of(refused.value)[0]
    assert OpinionReport.objects.get(pk=report.pk).status == Status.SUBMITTED
    report = office.report_decide(actor=people["admin"], report=report, use=False, reason="与第 3 期内容重复。")
    assert (report.status, report.decline_reason, report.bulletin_issue) == (Status.DECLINED, "与第 3 期内容重复。", None)
    assert notified(Kind.OPINION_DECIDED, people["author"])


def test_out_of_turn_is_refused_with_the_state_and_nothing_changes(people):
    report = submit(people)
    with pytest.raises(ValidationError) as refused:
        office.report_forward(actor=people["admin"], report=report, to_province=True, to_national=False)
    assert "待处理" in messages_of(refused.value)[0]
    with pytest.raises(ValidationError):
        outcomes.instruction_record(actor=people["admin"], report=report, leader="市长", level="city",
                                    instructed_on=timezone.localdate(), text="阅。")
    report = office.report_decide(actor=people["admin"], report=report, use=False, reason="不属反映范围。")
    with pytest.raises(ValidationError) as refused:
        office.report_decide(actor=people["admin"], report=report, use=True)
    assert "不采用" in messages_of(refused.value)[0]
    with pytest.raises(ValidationError):
        office.report_edit(actor=people["admin"], report=report, title="新标题")
    assert OpinionReport.objects.get(pk=report.pk).bulletin_issue is None


def test_upward_records_need_the_report_to_have_gone_there(people):
    report = submit(people)
    office.report_decide(actor=people["admin"], report=report, use=True)
    # a city leader may instruct on a used report; a provincial one only once it went to the province
    outcomes.instruction_record(actor=people["admin"], report=report, leader="市委书记 李某", level="city",
                                instructed_on=timezone.localdate(), text="请市住建局办理。")
    with pytest.raises(ValidationError) as refused:
        outcomes.instruction_record(actor=people["admin"], report=report, leader="省长", level="province",
                                    instructed_on=timezone.localdate(), text="阅。")
    assert "没有报送省政协" in messages_of(refused.value)[0]
    report = office.report_forward(actor=people["admin"], report=report, to_province=True, to_national=False)
    with pytest.raises(ValidationError):
        outcomes.national_adoption_record(actor=people["admin"], report=report, adopted_on=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        outcomes.instruction_record(actor=people["admin"], report=report, leader="省长", level="province",
                                    instructed_on=timezone.localdate() + dt.timedelta(days=1), text="阅。")
    assert "不能晚于今天" in messages_of(refused.value)[0]
    with pytest.raises(ValidationError) as refused:
        outcomes.instruction_record(actor=people["admin"], report=report, leader=" ", level="province",
                                    instructed_on=timezone.localdate(), text="")
    assert set(refused.value.message_dict) == {"leader", "text"}
    assert Instruction.objects.filter(report=report).count() == 1


def test_only_the_office_edits_decides_and_forwards(people):
    report = submit(people)
    for who in ("author", "other", "unit_staff"):
        with pytest.raises(PermissionDenied):
            office.report_decide(actor=people[who], report=report, use=True)
        with pytest.raises(PermissionDenied):
            office.report_edit(actor=people[who], report=report, title="改")
    assert opinion_actor(people["office_staff"]).is_office and not opinion_actor(people["unit_staff"]).is_office


def test_who_may_submit_for_whom_and_bad_input_saves_nothing(people):
    count = OpinionReport.objects.count()
    with pytest.raises(ValidationError) as refused:
        submit(people, title=" ", suggestions="")
    assert set(refused.value.message_dict) == {"title", "suggestions"}
    # a unit's staff for their own unit, not another; a member for their own sector, not another
    report = submission.report_submit(actor=people["unit_staff"], origin="unit", unit=people["other_unit"],
                                      title="委室报送", situation="情况", suggestions="建议")
    assert report.author_name == people["other_unit"].name
    with pytest.raises(PermissionDenied):
        submission.report_submit(actor=people["unit_staff"], origin="unit", unit=people["research"],
                                 title="委室报送", situation="情况", suggestions="建议")
    with pytest.raises(PermissionDenied):
        submission.report_submit(actor=people["unit_staff"], origin="member", title="x", situation="x",
                                 suggestions="x")
    report = submit(people, origin="sector", sector=people["sector"])
    assert report.sector == people["sector"]
    with pytest.raises(PermissionDenied):
        submit(people, origin="sector", sector=people["other_sector"])
    assert OpinionReport.objects.count() == count + 2


def test_a_member_reads_their_own_and_the_used_ones_only(people):
    mine = submit(people)
    theirs = submit(people, title="另一份")
    theirs.created_by_user_id = people["other"].pk
    theirs.member = people["other_member"]
    theirs.save()
    visible = set(reports_visible(opinion_actor(people["author"])).values_list("pk", flat=True))
    assert mine.pk in visible and theirs.pk not in visible
    office.report_decide(actor=people["admin"], report=theirs, use=True)
    assert theirs.pk in set(reports_visible(opinion_actor(people["author"])).values_list("pk", flat=True))


def test_the_province_adoption_is_the_provinces_own_and_recorded_once(people):
    report = submit(people)
    office.report_decide(actor=people["admin"], report=report, use=True)
    office.report_forward(actor=people["admin"], report=report, to_province=True, to_national=False)
    copy = ForwardedReport.objects.get(organisation__schema_name="ziyang", report_id=report.pk)
    today = timezone.localdate()
    with schema_context("zhejiang"):
        with pytest.raises(PermissionDenied):
            province_adopt(actor=User.objects.get(username="zhejiang_officer"), forwarded=copy, adopted_on=today,
                           issue="第1期")
    officer = User.objects.get(username="sichuan_officer")
    with schema_context("ziyang"):  # a committee's site is not the province's page
        with pytest.raises(PermissionDenied):
            province_adopt(actor=officer, forwarded=copy, adopted_on=today, issue="第1期")
    with schema_context("sichuan"):
        with pytest.raises(ValidationError) as refused:
            province_adopt(actor=officer, forwarded=copy, adopted_on=today + dt.timedelta(days=2), issue="第1期")
        assert "adopted_on" in refused.value.message_dict
        province_adopt(actor=officer, forwarded=copy, adopted_on=today, issue="第1期")
        with pytest.raises(ValidationError) as refused:
            province_adopt(actor=officer, forwarded=copy, adopted_on=today, issue="第2期")
        assert "已经登记过" in messages_of(refused.value)[0]
    copy.refresh_from_db()
    assert copy.province_issue == "第1期"
