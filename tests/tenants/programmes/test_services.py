"""Services of programmes and the reporting cycle, against 资阳's real schema."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from tenants.history.models import ChangeLog
from tenants.programmes import selectors, services
from tenants.programmes.models import Item, MonthlyReport, Programme, Target
from tenants.programmes.selectors_appraisal import appraisal_ranking
from tenants.reminders.models import Deadline
from tenants.structure.models import Unit

pytestmark = pytest.mark.django_db


def test_target_for_a_year_outside_the_period_is_refused_and_nothing_is_saved(plan):
    with pytest.raises(ValidationError) as info:
        services.target_set(item=plan, indicator="培训委员", year=2026, value="150")
    assert info.value.messages == ["2026 年不在事项周期（2024—2025 年）内，不能设置该年度的内容。"]
    assert list(Target.objects.filter(item=plan).values_list("year", "value")) == [
        (2024, Decimal("50.00")), (2025, Decimal("100.00"))]


@pytest.mark.parametrize("value,message", [
    ("五十", "“培训委员（2024年）目标值”的值“五十”不是有效的数字。"),
    ("-3", "“培训委员（2024年）目标值”不能为负数。"),
    ("", "请填写“培训委员（2024年）目标值”。"),
    ("NaN", "“培训委员（2024年）目标值”的值不是有效的数字。"),
])
def test_invalid_target_numbers_give_a_clear_message(plan, value, message):
    with pytest.raises(ValidationError) as info:
        services.target_set(item=plan, indicator="培训委员", year=2024, value=value)
    assert info.value.messages == [message]
    assert Target.objects.get(item=plan, year=2024).value == Decimal("50.00")


def test_percent_and_thousands_are_read_as_numbers(plan):
    target = services.target_set(item=plan, indicator="参与率", unit_of_measure="%", year=2024, value="95%")
    assert target.value == Decimal("95.00")
    assert services.target_set(item=plan, indicator="人次", year=2024, value="1,200").value == Decimal("1200.00")


def test_a_unit_month_file_return_fix_accept_with_history(plan, staff_works_in):
    staff_works_in("提案委员会")  # the unit that leads the plan's item
    staff, admin = User.objects.get(username="ziyang_staff"), User.objects.get(username="ziyang_admin")
    target = plan.targets.get(year=2024)
    report = services.report_file(actor=staff, item=plan, month="2024-03", progress="完成第一期培训",
                                  status="on_track", values={target.pk: "20"})
    assert (report.state, report.filed_by_name) == ("submitted", "资阳委室工作人员")
    with pytest.raises(ValidationError) as info:
        services.report_return(actor=admin, report=report, comment=" ")
    assert info.value.messages == ["退回时请写明需要修改的内容。"]
    returned = services.report_return(actor=admin, report=report, comment="请补充参训名单")
    assert (returned.state, returned.reviewer_comment) == ("returned", "请补充参训名单")
    fixed = services.report_file(actor=staff, item=plan, month="2024-03", progress="完成第一期培训，名单见附件",
                                 status="on_track", values={target.pk: "22"})
    assert fixed.pk == report.pk and fixed.state == "submitted"
    assert fixed.values.get().actual == Decimal("22.00")
    accepted = services.report_accept(actor=admin, report=fixed)
    assert accepted.state == "accepted"
    with pytest.raises(ValidationError) as info:
        services.report_file(actor=staff, item=plan, month="2024-03", progress="再改", status="done")
    assert info.value.messages == ["该月报已采纳，不能再修改。"]
    with pytest.raises(ValidationError):
        services.report_accept(actor=admin, report=accepted)
    history = list(selectors.changelog_for(report).order_by("id").values_list("user_name", "action"))
    assert history == [("资阳委室工作人员", "file"), ("资阳管理员", "returned"),
                       ("资阳委室工作人员", "refile"), ("资阳管理员", "accepted")]
    assert ChangeLog.objects.get(model="monthlyreport", object_id=report.pk, action="refile").changes["values"] == {
        str(target.pk): "22"}


def test_report_with_bad_values_saves_nothing(plan):
    target = plan.targets.get(year=2024)
    with pytest.raises(ValidationError) as info:
        services.report_file(item=plan, month="2024-04", progress="进展", status="on_track",
                             values={target.pk: "二十"})
    assert info.value.messages == ["“培训委员完成值”的值“二十”不是有效的数字。"]
    with pytest.raises(ValidationError) as info:
        services.report_file(item=plan, month="2027-01", progress="进展", status="on_track")
    assert "2027 年不在事项周期" in info.value.messages[0]
    with pytest.raises(ValidationError):
        services.report_file(item=plan, month="2024-13", progress="进展", status="on_track")
    assert not MonthlyReport.objects.filter(item=plan).exists()


def test_item_update_keeps_history(plan):
    admin = User.objects.get(username="ziyang_admin")
    research = Unit.objects.get(name="研究室")
    services.item_update(actor=admin, item=plan, title="提案实战化培训", lead_unit=research)
    entry = selectors.changelog_for(plan).filter(action="update").get()
    assert entry.user_name == "资阳管理员"
    assert entry.changes == {"title": ["提案培训", "提案实战化培训"], "lead_unit": ["提案委员会", "研究室"]}


def test_showcase_completion_late_and_missing(plan):
    target = plan.targets.get(year=2024)
    services.report_file(item=plan, month="2024-02", progress="二月", status="on_track", values={target.pk: "10"})
    services.report_file(item=plan, month="2024-03", progress="三月", status="at_risk", values={target.pk: "25"})
    other = services.item_create(programme=plan.programme, number=2, title="委员读书",
                                 lead_unit=Unit.objects.get(name="提案委员会"))
    showcase = selectors.showcase_build(year=2024, quarter=1)
    group = next(g for g in showcase.by_programme if g.name == "测试品牌行动")
    assert [(line.item.title, line.status, line.completion) for line in group.lines] == [
        ("提案培训", "at_risk", Decimal("50.0")), ("委员读书", "missing", None)]
    unit = next(g for g in showcase.by_unit if g.name == "提案委员会")
    mine = [line.status for line in unit.lines if line.item.programme_id == plan.programme_id]
    assert mine == ["at_risk", "missing"]
    # The demo's 2022–2024 brand item led by the same unit has no 2024 report: missing too.
    assert (unit.at_risk, unit.missing) == (1, 2)
    assert other.pk in [line.item.pk for line in showcase.late]


def test_appraisal_weights_scores_and_ranks(ziyang):
    admin = User.objects.get(username="ziyang_admin")
    appraisal = services.appraisal_create(actor=admin, year=2024, title="测试评比", criteria=[
        {"name": "完成率", "weight": "60"}, {"name": "创新", "weight": "40"}])
    done, innovate = appraisal.criteria.order_by("order")
    office, research, proposals = (Unit.objects.get(name=n) for n in ("办公室", "研究室", "提案委员会"))
    for unit, a, b in ((office, 90, 50), (research, 70, 80), (proposals, 70, 80)):
        services.unit_score_set(actor=admin, criterion=done, unit=unit, score=a)
        services.unit_score_set(actor=admin, criterion=innovate, unit=unit, score=b)
    ranking = appraisal_ranking(appraisal)
    # 90×0.6+50×0.4 = 74 and 70×0.6+80×0.4 = 74: a tie shares first place.
    assert [(r.rank, r.total) for r in ranking] == [(1, Decimal("74.00"))] * 3
    services.unit_score_set(actor=admin, criterion=innovate, unit=research, score=85)
    ranking = appraisal_ranking(appraisal)
    assert [(r.rank, r.unit.name, r.total) for r in ranking] == [
        (1, "研究室", Decimal("76.00")), (2, "办公室", Decimal("74.00")), (2, "提案委员会", Decimal("74.00"))]
    with pytest.raises(ValidationError) as info:
        services.unit_score_set(actor=admin, criterion=done, unit=office, score="120")
    assert info.value.messages == ["得分应在 0 至 100 之间。"]


def test_appraisal_compute_scores_units_from_reports(plan):
    target = plan.targets.get(year=2024)
    services.report_file(item=plan, month="2024-05", progress="五月", status="on_track", values={target.pk: "40"})
    appraisal = services.appraisal_create(year=2024, title="自动评比")
    written = services.appraisal_compute(appraisal=appraisal, today=dt.date(2024, 12, 31))
    assert written >= 3
    unit = Unit.objects.get(name="提案委员会")
    scores = {s.criterion.name: s.score for s in unit.appraisal_scores.filter(criterion__appraisal=appraisal)}
    # Our item reached 40 of 50 (80 %); the demo's brand item of the same unit has no 2024 report (0 %).
    assert scores["目标完成率"] == Decimal("40.00")
    assert scores["月报采纳率"] == Decimal("0.00")


def test_report_deadlines_are_reminder_deadlines_closed_when_reported(plan):
    created = services.report_deadlines_register(month="2024-06")
    assert services.report_deadlines_register(month="2024-06") == 0
    deadline = Deadline.objects.get(title="月报：提案委员会 2024年6月工作进展")
    assert (deadline.due_on, deadline.done, deadline.unit.name) == (dt.date(2024, 7, 5), False, "提案委员会")
    assert (deadline.source, deadline.key) == ("programmes.monthly_report", f"{deadline.unit_id}:2024-06")
    assert created >= 1
    for item in Item.objects.filter(lead_unit=deadline.unit).filter(
            pk__in=selectors.items_active_in(2024).values("pk")):
        services.report_file(item=item, month="2024-06", progress="六月", status="on_track")
    deadline.refresh_from_db()
    assert deadline.done is True


def test_duty_record_links_member_to_item(plan):
    from tenants.structure.models import Member

    member = Member.objects.order_by("id").first()
    record = services.duty_record_add(member=member, date="2024-05-06", text="参加培训", item=plan)
    assert list(selectors.duty_records_for(member=member).filter(pk=record.pk).values_list("text", "item__title")) == [
        ("参加培训", "提案培训")]
    with pytest.raises(ValidationError):
        services.duty_record_add(member=member, date="2024-99-01", text="x")


def test_programme_period_change_refused_when_targets_fall_outside(plan):
    with pytest.raises(ValidationError) as info:
        services.programme_update(programme=plan.programme, end_year=2024)
    assert info.value.messages == ["已有目标值的年度超出新的周期，请先调整目标。"]
    assert Programme.objects.get(pk=plan.programme.pk).end_year == 2025


def test_report_deadlines_are_sent_by_the_daily_reminder_task(plan):
    from notifications.models import Notification
    from tenants.reminders.services import reminders_send

    services.report_deadlines_register(month="2024-06")
    sent = reminders_send(today=dt.date(2024, 7, 3))
    admin = User.objects.get(username="ziyang_admin")  # the office; unit staff hear of their own unit's
    titles = {n.title_text() for n in Notification.objects.filter(user_id=admin.pk)}
    assert "月报：提案委员会 2024年6月工作进展：还有 2 天截止" in titles
    assert sent >= 1


def test_attachments_are_kept_and_oversized_ones_refused(plan, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    report = services.report_file(item=plan, month="2024-07", progress="七月", status="on_track",
                                  attachments=[SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 test")])
    assert [a.name for a in report.attachments.all()] == ["签到表.pdf"]
    assert report.attachments.get().file.read() == b"%PDF-1.4 test"
    big = SimpleUploadedFile("录像.mp4", b"0" * (20 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as info:
        services.report_file(item=plan, month="2024-08", progress="八月", status="on_track", attachments=[big])
    assert info.value.messages == ["附件“录像.mp4”超过 20 MB 上限。"]
    assert not MonthlyReport.objects.filter(item=plan, month="2024-08-01").exists()


def test_demo_fill_is_idempotent(ziyang):
    from tenancy.models import Organisation
    from tenants.programmes.demo import demo_fill
    from tenants.programmes.models import Section

    counts = (Programme.objects.count(), Section.objects.count(), Item.objects.count(),
              Target.objects.count(), MonthlyReport.objects.count(), Deadline.objects.count())
    demo_fill(Organisation.objects.get(schema_name="ziyang"))
    assert (Programme.objects.count(), Section.objects.count(), Item.objects.count(),
            Target.objects.count(), MonthlyReport.objects.count(), Deadline.objects.count()) == counts


def test_ziyang_demo_holds_the_seed_structure(ziyang):
    brand = Programme.objects.get(title="“好品牌”建设三年行动（2022—2024）")
    assert (brand.kind, brand.start_year, brand.end_year, brand.items.count()) == ("brand", 2022, 2024, 7)
    training = brand.items.get(number=2)
    assert [(t.indicator, t.year, t.value) for t in training.targets.order_by("indicator", "year")] == [
        ("参训委员提案工作参与率", 2022, Decimal("90.00")), ("参训委员提案工作参与率", 2023, Decimal("95.00")),
        ("参训委员提案工作参与率", 2024, Decimal("100.00")),
        ("实战化培训委员", 2022, Decimal("50.00")), ("实战化培训委员", 2023, Decimal("100.00")),
        ("实战化培训委员", 2024, Decimal("150.00"))]
    assert training.milestones.count() == 3
    actions = Programme.objects.get(title="“同心圆”建设10大专项行动（2022—2024）")
    leads = [(i.lead_unit.name, sorted(u.name for u in i.cooperating_units.all()))
             for i in actions.items.order_by("number")]
    assert leads == [
        ("办公室", []), ("研究室", []), ("办公室", ["研究室", "联络委员会"]), ("民族宗教和外事侨务委员会", []),
        ("联络委员会", []), ("办公室", []), ("文化文史和学习委员会", []), ("联络委员会", []),
        ("农业农村委员会", []), ("办公室", [])]
