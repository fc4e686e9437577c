"""The office keeps its plan in the pages: sections and items edited, moved, removed, assigned in bulk.

Services against 资阳's real schema (rolled back after each test), then the plan page's HTMX answers.
"""
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from accounts.models import User
from tenants.history.models import ChangeLog
from tenants.history.services import change_value, number_text
from tenants.programmes import selectors, services
from tenants.programmes.models import DutyRecord, Item, Milestone, MonthlyReport, Programme, Section, Target
from tenants.structure.models import Leader, Member, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return User.objects.get(username="ziyang_admin")


@pytest.fixture
def points(ziyang):
    """A 2026 work-points plan of two sections numbered on (1–3, 4–5), none with a lead unit."""
    programme = services.programme_create(kind="work_points", title="测试工作要点", start_year=2026)
    first = services.section_create(programme=programme, number=1, heading="思想引领")
    second = services.section_create(programme=programme, number=2, heading="建言资政")
    for number, (section, title) in enumerate(
            [(first, "理论学习"), (first, "委员培训"), (first, "读书活动"), (second, "重点调研"), (second, "提案督办")],
            start=1):
        services.item_create(programme=programme, section=section, number=number, order=number, title=title)
    return programme


def _layout(programme):
    """[(section number, [(item number, title), ...]), ...] as the plan page shows it."""
    return [(node["section"].number if node["section"] else None, [(i.number, i.title) for i in node["items"]])
            for node in selectors.programme_tree(Programme.objects.get(pk=programme.pk))]


# ---------------------------------------------------------------------------
# Numbers as people write them
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("value,text", [
    (Decimal("60.00"), "60"), (Decimal("100"), "100"), (Decimal("1E+2"), "100"), (Decimal("6E+1"), "60"),
    (Decimal("12.50"), "12.5"), (Decimal("0.25"), "0.25"), (Decimal("-0.00"), "0"), (Decimal("0E-2"), "0"),
    (Decimal("1200.00"), "1200"), (Decimal("0.10"), "0.1"), (None, ""),
])
def test_number_text_writes_numbers_as_people_do(value, text):
    assert number_text(value) == text


def test_history_and_pages_print_60_and_100_not_scientific(plan, site):
    services.target_set(item=plan, indicator="覆盖率", unit_of_measure="%", year=2024, value="100")
    entry = ChangeLog.objects.filter(model="item", object_id=plan.pk, action="target").order_by("-id").first()
    assert entry.summary == "设置“提案培训”覆盖率 2024 年目标 100%"
    assert entry.changes["value"] == [None, "100"]
    services.target_set(item=plan, indicator="培训委员", year=2024, value="60")
    entry = ChangeLog.objects.filter(model="item", object_id=plan.pk, action="target").order_by("-id").first()
    assert entry.summary == "设置“提案培训”培训委员 2024 年目标 60人次"
    assert entry.changes["value"] == ["50", "60"]
    assert change_value(Decimal("60.00")) == "60"
    body = site("ziyang", "ziyang_viewer").get(f"/programmes/items/{plan.pk}/").content.decode()
    assert "<td>60</td><td>100</td>" in body  # 培训委员 2024, 2025
    assert "E+" not in body and "60.00" not in body
    plan_body = site("ziyang", "ziyang_admin").get(f"/programmes/{plan.programme_id}/").content.decode()
    assert "培训委员（人次）</td><td>60</td><td>100</td>" in re.sub(r"</?span[^>]*>", "", plan_body)
    assert "覆盖率（%）</td><td>100</td>" in re.sub(r"</?span[^>]*>", "", plan_body)
    history = site("ziyang", "ziyang_admin").get("/programmes/history/").content.decode()
    assert "目标 60人次" in history and "目标 100%" in history and "E+" not in history


# ---------------------------------------------------------------------------
# Services: layout, numbering, removal, bulk assignment
# ---------------------------------------------------------------------------


def test_moving_an_item_renumbers_the_plan_in_its_style(points, admin):
    item = points.items.get(title="读书活动")
    services.item_move(actor=admin, item=item, direction="up")
    assert _layout(points) == [(1, [(1, "理论学习"), (2, "读书活动"), (3, "委员培训")]),
                               (2, [(4, "重点调研"), (5, "提案督办")])]
    entry = ChangeLog.objects.get(model="item", object_id=item.pk, action="reorder")
    assert (entry.user_name, entry.summary) == ("资阳管理员", "事项“读书活动”上移：3 → 2")
    with pytest.raises(ValidationError) as info:
        services.item_move(item=points.items.get(title="理论学习"), direction="up")
    assert info.value.messages == ["该事项已是本部分第一项。"]
    with pytest.raises(ValidationError) as info:
        services.item_move(item=item, direction="sideways")
    assert info.value.messages == ["请选择上移或下移。"]


def test_moving_a_section_keeps_numbers_running_on(points):
    section = points.sections.get(heading="建言资政")
    services.section_move(section=section, direction="up")
    assert _layout(points) == [(1, [(1, "重点调研"), (2, "提案督办")]),
                               (2, [(3, "理论学习"), (4, "委员培训"), (5, "读书活动")])]
    assert ChangeLog.objects.filter(model="programme", object_id=points.pk, action="reorder").count() == 1


def test_a_plan_numbered_from_1_in_each_section_keeps_that_style(plan):
    programme = plan.programme
    second = services.section_create(programme=programme, heading="宣传推广")
    services.item_create(programme=programme, section=second, title="编印案例集")
    services.item_create(programme=programme, section=second, title="召开推进会")
    assert _layout(programme) == [(1, [(1, "提案培训")]), (2, [(1, "编印案例集"), (2, "召开推进会")])]
    services.item_move(item=programme.items.get(title="召开推进会"), direction="up")
    assert _layout(programme) == [(1, [(1, "提案培训")]), (2, [(1, "召开推进会"), (2, "编印案例集")])]


def test_an_item_added_on_the_page_goes_last_in_its_section(points):
    item = services.item_create(programme=points, section=points.sections.get(number=1), title="  机关党建 ",
                                lead_unit=Unit.objects.get(name="办公室"))
    assert (item.number, item.title) == (4, "机关党建")
    assert _layout(points)[1] == (2, [(5, "重点调研"), (6, "提案督办")])
    with pytest.raises(ValidationError) as info:
        services.item_create(programme=points, title=" ")
    assert info.value.messages == ["请填写事项标题。"]


def test_removing_an_item_with_reports_or_duty_records_is_refused_and_nothing_goes(plan):
    services.report_file(item=plan, month="2024-03", progress="完成第一期培训", status="on_track")
    member = Member.objects.first()
    DutyRecord.objects.create(member=member, date=dt.date(2024, 3, 2), text="参加培训", item=plan)
    with pytest.raises(ValidationError) as info:
        services.item_remove(item=plan)
    assert info.value.messages == [
        "“提案培训”（1 份月报、1 条履职档案）已有月报或履职档案，不能删除，以免这些记录一并丢失。如该事项不再推进，可修改其周期或标题。"]
    assert Item.objects.filter(pk=plan.pk).exists()
    assert MonthlyReport.objects.filter(item=plan).count() == 1 and Target.objects.filter(item=plan).count() == 2
    with pytest.raises(ValidationError):
        services.section_remove(section=plan.section)
    assert Section.objects.filter(pk=plan.section_id).exists()


def test_removing_an_item_takes_its_targets_renumbers_and_is_recorded(points, admin):
    item = points.items.get(title="委员培训")
    services.target_set(item=item, indicator="培训委员", year=2026, value="50")
    services.milestone_set(item=item, year=2026, text="举办两期")
    services.item_remove(actor=admin, item=item)
    assert _layout(points) == [(1, [(1, "理论学习"), (2, "读书活动")]), (2, [(3, "重点调研"), (4, "提案督办")])]
    assert not Target.objects.filter(indicator="培训委员", item_id=item.pk).exists()
    assert not Milestone.objects.filter(item_id=item.pk).exists()
    entry = ChangeLog.objects.get(model="programme", object_id=points.pk, action="item_remove")
    assert entry.summary == "“测试工作要点”删除事项 2. 委员培训"


def test_removing_a_section_takes_its_items(points):
    count = services.section_remove(section=points.sections.get(heading="思想引领"))
    assert count == 3
    assert _layout(points) == [(1, [(1, "重点调研"), (2, "提案督办")])]


def test_bulk_assignment_gives_lead_unit_and_leader_and_writes_history(points, admin):
    unit = Unit.objects.get(name="联络委员会")
    leader = Leader.objects.get(title="secretary_general")
    items = list(points.items.filter(title__in=["委员培训", "重点调研"]))
    changed = services.items_assign(actor=admin, programme=points, items=items, lead_unit=unit,
                                    responsible_leader=leader)
    assert changed == 2
    assert sorted(points.items.filter(lead_unit=unit, responsible_leader=leader).values_list("title", flat=True)) == [
        "委员培训", "重点调研"]
    assert points.items.filter(lead_unit__isnull=True).count() == 3
    entries = ChangeLog.objects.filter(model="item", object_id__in=[i.pk for i in items], action="update")
    assert entries.count() == 2
    assert entries.first().changes["lead_unit"] == [None, "联络委员会"]
    # Assigning the same again changes nothing and writes nothing.
    assert services.items_assign(programme=points, items=items, lead_unit=unit) == 0


def test_bulk_assignment_gives_cooperating_units_but_never_the_lead_unit_itself(points, admin):
    liaison, office = Unit.objects.get(name="联络委员会"), Unit.objects.get(name="办公室")
    items = list(points.items.filter(title__in=["委员培训", "重点调研"]))
    services.items_assign(programme=points, items=items[:1], lead_unit=office)
    changed = services.items_assign(actor=admin, programme=points, items=items, cooperating_units=[liaison, office])
    assert changed == 2
    coop = {item.title: sorted(u.name for u in item.cooperating_units.all()) for item in items}
    lead_of_first = items[0].title
    assert coop[lead_of_first] == ["联络委员会"]  # its lead unit is not its own cooperator
    assert coop[next(t for t in coop if t != lead_of_first)] == sorted(["联络委员会", "办公室"])
    entry = ChangeLog.objects.filter(model="item", object_id=items[1].pk, action="update").latest("id")
    assert entry.changes["cooperating_units"] == [[], sorted(["联络委员会", "办公室"])]
    assert services.items_assign(programme=points, items=items, cooperating_units=[liaison, office]) == 0


@pytest.mark.parametrize("kwargs,message", [
    ({"items": []}, "请先勾选要分配的事项。"),
    ({}, "请选择要分配的牵头委室、配合委室或责任领导。"),
])
def test_bulk_assignment_with_nothing_chosen_is_refused(points, kwargs, message):
    items = kwargs.pop("items", list(points.items.all()))
    with pytest.raises(ValidationError) as info:
        services.items_assign(programme=points, items=items, **kwargs)
    assert info.value.messages == [message]


def test_bulk_assignment_of_another_plans_item_writes_nothing(points, plan):
    unit = Unit.objects.get(name="联络委员会")
    with pytest.raises(ValidationError) as info:
        services.items_assign(programme=points, items=[points.items.first(), plan], lead_unit=unit)
    assert info.value.messages == ["所选事项不在本计划中。"]
    assert not Item.objects.filter(lead_unit=unit, programme__in=[points, plan.programme]).exists()


def test_a_new_period_must_hold_the_items_targets_and_reports(plan):
    with pytest.raises(ValidationError) as info:
        services.item_update(item=plan, start_year=2025)
    assert info.value.messages == ["2024 年已有年度任务、目标或月报，新的周期必须包含这些年度。"]
    assert Item.objects.get(pk=plan.pk).start_year is None


def test_milestones_of_several_years_at_once_and_a_blank_removes(plan):
    assert services.milestones_set(item=plan, texts={2024: "打基础", 2025: "求突破"}) == 2
    assert services.milestones_set(item=plan, texts={2024: "打基础", 2025: ""}) == 1
    assert list(Milestone.objects.filter(item=plan).values_list("year", "text")) == [(2024, "打基础")]
    with pytest.raises(ValidationError):
        services.milestones_set(item=plan, texts={2024: "改了", 2031: "超出周期"})
    assert Milestone.objects.get(item=plan, year=2024).text == "打基础"  # nothing half-saved


# ---------------------------------------------------------------------------
# The plan page (HTMX)
# ---------------------------------------------------------------------------


def test_office_edits_an_item_inline_and_bad_input_keeps_the_form(site, points):
    office = site("ziyang", "ziyang_admin")
    item = points.items.get(title="委员培训")
    with schema_context("ziyang"):
        unit = Unit.objects.get(name="提案委员会")
    section = {"section": item.section_id}
    response = office.get(f"/programmes/items/{item.pk}/edit/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-testid="item-edit-form"' in response.content.decode()
    response = office.post(f"/programmes/items/{item.pk}/edit/", {
        "title": "委员履职培训", "lead_unit": unit.pk, "start_year": "2031", **section}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "事项年度 2031 超出项目周期 2026。" in body and 'data-testid="item-edit-form"' in body
    with schema_context("ziyang"):
        assert Item.objects.get(pk=item.pk).title == "委员培训"  # nothing saved
    response = office.post(f"/programmes/items/{item.pk}/edit/", {"title": "委员履职培训", "lead_unit": "999999", **section},
                           HTTP_HX_REQUEST="true")
    assert "所选委室不存在，请重新选择。" in response.content.decode()
    response = office.post(f"/programmes/items/{item.pk}/edit/", {"title": "委员履职培训", "lead_unit": unit.pk, **section},
                           HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "已保存事项 2. 委员履职培训。" in body
    assert '<span data-testid="lead-2" translate="no">提案委员会</span>' in body
    # Moved to the other section, it goes last there and the plan is numbered again.
    body = office.post(f"/programmes/items/{item.pk}/edit/", {
        "title": "委员履职培训", "lead_unit": unit.pk, "section": points.sections.get(number=2).pk},
        HTTP_HX_REQUEST="true").content.decode()
    assert "已保存事项 5. 委员履职培训。" in body


def test_plan_page_moves_removes_and_assigns(site, points):
    office = site("ziyang", "ziyang_admin")
    with schema_context("ziyang"):
        items = {i.title: i.pk for i in points.items.all()}
        unit = Unit.objects.get(name="联络委员会")
    body = office.post(f"/programmes/items/{items['提案督办']}/move/", {"direction": "up"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "“提案督办”现为第 4 项。" in body
    body = office.post(f"/programmes/{points.pk}/items/assign/", {"items": [items["理论学习"], items["重点调研"]],
                                                                  "lead_unit": unit.pk},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "已为 2 个事项完成分配。" in body
    body = office.post(f"/programmes/{points.pk}/items/assign/", {"lead_unit": unit.pk},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "请先勾选要分配的事项。" in body
    with schema_context("ziyang"):
        research = Unit.objects.get(name="研究室")
    page = office.get(f"/programmes/{points.pk}/").content.decode()
    assert 'name="cooperating_units"' in page.split('id="bulk-assign"', 1)[1].split("</form>", 1)[0]
    body = office.post(f"/programmes/{points.pk}/items/assign/", {"items": [items["委员培训"]],
                                                                  "cooperating_units": [research.pk, unit.pk]},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "已为 1 个事项完成分配。" in body
    body = office.post(f"/programmes/{points.pk}/items/assign/", {"items": [items["委员培训"]],
                                                                  "cooperating_units": ["999999"]},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "所选委室不存在" in body
    response = office.post(f"/programmes/items/{items['读书活动']}/remove/")
    assert response.status_code == 302
    with schema_context("ziyang"):
        assert _layout(points) == [(1, [(1, "理论学习"), (2, "委员培训")]), (2, [(3, "提案督办"), (4, "重点调研")])]
        assert list(Item.objects.filter(lead_unit=unit, programme=points).values_list("title", flat=True).order_by(
            "title")) == sorted(["理论学习", "重点调研"])
        training = Item.objects.get(pk=items["委员培训"])
        assert sorted(u.name for u in training.cooperating_units.all()) == sorted(["研究室", "联络委员会"])


def test_viewers_and_unit_staff_see_the_plan_without_editing_tools(site, points):
    for username in ("ziyang_viewer", "ziyang_staff"):
        client = site("ziyang", username)
        body = client.get(f"/programmes/{points.pk}/").content.decode()
        assert "理论学习" in body and "bulk-assign" not in body and "新增事项" not in body
        with schema_context("ziyang"):
            item = points.items.first()
        assert client.post(f"/programmes/items/{item.pk}/remove/").status_code == 403
        assert client.get(f"/programmes/items/{item.pk}/edit/").status_code == 403
    with schema_context("ziyang"):
        assert points.items.count() == 5


# ---------------------------------------------------------------------------
# The report form opens on the month that is due
# ---------------------------------------------------------------------------


def test_report_month_due_is_the_earliest_unfiled_month_past_its_deadline(plan):
    # plan runs 2024–2025; on 2024-05-10 January to April are past their due day.
    today = dt.date(2024, 5, 10)
    assert selectors.report_month_due(plan, today=today) == dt.date(2024, 1, 1)
    for month in ("2024-01", "2024-02", "2024-04"):
        services.report_file(item=plan, month=month, progress="进展", status="on_track")
    assert selectors.report_month_due(plan, today=today) == dt.date(2024, 3, 1)
    services.report_file(item=plan, month="2024-03", progress="进展", status="on_track")
    # Nothing overdue: the current reporting month (May; April's report is in).
    assert selectors.report_month_due(plan, today=today) == dt.date(2024, 5, 1)
    # Before its due day, last month is the one to report while it is not filed.
    assert selectors.report_month_due(plan, today=dt.date(2024, 6, 3)) == dt.date(2024, 5, 1)
    # A returned report is due again.
    report = MonthlyReport.objects.get(item=plan, month="2024-02-01")
    services.report_return(report=report, comment="请补充")
    assert selectors.report_month_due(plan, today=today) == dt.date(2024, 2, 1)
    # After the item's period: its last month at most.
    assert selectors.report_month_due(plan, today=dt.date(2030, 1, 1)) == dt.date(2024, 2, 1)


def test_report_form_opens_on_the_due_month(site, plan):
    body = site("ziyang", "ziyang_admin").get(f"/programmes/items/{plan.pk}/report/").content.decode()
    assert 'name="month" value="2024-01"' in body  # nothing of 2024 is filed, and today is long after


def test_office_edits_the_plans_title_and_period_and_a_period_that_drops_a_report_is_refused(site, plan):
    office = site("ziyang", "ziyang_admin")
    programme = plan.programme_id
    response = office.post(f"/programmes/{programme}/edit/", {
        "title": "测试品牌行动（修订）", "description": "修订说明", "start_year": "2024", "end_year": "2025"},
        HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"] == f"/programmes/{programme}/"
    with schema_context("ziyang"):
        services.report_file(item=Item.objects.get(pk=plan.pk), month="2025-02", progress="进展", status="on_track")
        assert ChangeLog.objects.filter(model="programme", object_id=programme, action="update").count() == 1
    body = office.post(f"/programmes/{programme}/edit/", {
        "title": "测试品牌行动（修订）", "start_year": "2024", "end_year": "2024"},
        HTTP_HX_REQUEST="true").content.decode()
    assert "已有目标值的年度超出新的周期，请先调整目标。" in body
    with schema_context("ziyang"):
        Target.objects.filter(item=plan, year=2025).delete()
    body = office.post(f"/programmes/{programme}/edit/", {
        "title": "测试品牌行动（修订）", "start_year": "2024", "end_year": "2024"},
        HTTP_HX_REQUEST="true").content.decode()
    assert "2025 年已有年度任务、目标或月报，新的周期必须包含这些年度。" in body
    body = office.post(f"/programmes/{programme}/edit/", {"title": " ", "start_year": "2024", "end_year": "2025"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "请填写计划名称。" in body
    with schema_context("ziyang"):
        saved = Programme.objects.get(pk=programme)
        assert (saved.title, saved.end_year) == ("测试品牌行动（修订）", 2025)


def test_old_history_entries_are_rewritten_without_scientific_notation():
    import importlib

    migration = importlib.import_module("tenants.history.migrations.0002_numbers_as_written")
    assert migration.rewrite("设置“提案培训”覆盖率 2024 年目标 1E+2%") == "设置“提案培训”覆盖率 2024 年目标 100%"
    assert migration.rewrite({"value": ["5E+1", "6E+1"], "year": 2024}) == {"value": ["50", "60"], "year": 2024}
    assert migration.rewrite("目标1.5E+3人次，编号 A1E+2 不变") == "目标1500人次，编号 A1E+2 不变"


def test_item_page_edits_the_item_and_its_milestones(site, plan):
    office = site("ziyang", "ziyang_admin")
    body = office.get(f"/programmes/items/{plan.pk}/").content.decode()
    assert f'href="/programmes/items/{plan.pk}/edit/"' in body and 'name="milestone_2025"' in body
    page = office.get(f"/programmes/items/{plan.pk}/edit/").content.decode()
    assert 'name="from" value="item"' in page and 'value="提案培训"' in page
    with schema_context("ziyang"):
        leader = Leader.objects.get(title="secretary_general")
        data = {"from": "item", "title": "提案实战化培训", "section": plan.section_id,
                "lead_unit": plan.lead_unit_id, "responsible_leader": leader.pk, "start_year": "2024", "end_year": "2025"}
    response = office.post(f"/programmes/items/{plan.pk}/edit/", {**data, "end_year": "2023"})
    assert response.status_code == 400 and "事项年度 2023 超出项目周期 2024—2025。" in response.content.decode()
    response = office.post(f"/programmes/items/{plan.pk}/edit/", data)
    assert response.status_code == 302 and response["Location"] == f"/programmes/items/{plan.pk}/"
    response = office.post(f"/programmes/items/{plan.pk}/milestones/", {"milestone_2024": "打基础", "milestone_2025": ""})
    assert response.status_code == 302
    with schema_context("ziyang"):
        item = Item.objects.get(pk=plan.pk)
        assert (item.title, item.responsible_leader_id) == ("提案实战化培训", leader.pk)
        assert list(item.milestones.values_list("year", "text")) == [(2024, "打基础")]
    body = office.get(f"/programmes/items/{plan.pk}/").content.decode()
    assert "年度任务已保存。" in body and f'<span data-testid="leader" translate="no">{leader.name}</span>' in body


def test_a_target_is_removed_on_the_item_page_unless_values_were_reported(site, plan):
    office = site("ziyang", "ziyang_admin")
    with schema_context("ziyang"):
        first, second = plan.targets.order_by("year")
        services.report_file(item=Item.objects.get(pk=plan.pk), month="2024-03", progress="进展", status="on_track",
                             values={first.pk: "20"})
    body = office.get(f"/programmes/items/{plan.pk}/").content.decode()
    assert f'data-testid="target-remove-{second.pk}"' in body
    body = office.post(f"/programmes/targets/{first.pk}/remove/", HTTP_HX_REQUEST="true").content.decode()
    assert "“培训委员”2024 年目标已有 1 条月报完成值，不能删除。" in body
    body = office.post(f"/programmes/targets/{second.pk}/remove/", HTTP_HX_REQUEST="true").content.decode()
    assert "已删除 2025 年“培训委员”目标。" in body
    assert site("ziyang", "ziyang_viewer").post(f"/programmes/targets/{first.pk}/remove/").status_code == 403
    with schema_context("ziyang"):
        assert list(Target.objects.filter(item=plan).values_list("year", flat=True)) == [2024]
        assert ChangeLog.objects.filter(model="item", object_id=plan.pk, summary__startswith="删除").count() == 1
    response = office.post(f"/api/programme-targets/{first.pk}/remove/")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
