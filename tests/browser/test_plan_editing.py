"""The office builds its plan in headless Chromium, on a phone and on a desktop: it imports a
work-points document, gives lead units in bulk in the preview and on the plan page, edits an item
inline, moves one, removes one, and a unit's report form opens on the month that is due.

Runs on the committed demo network (the live server is another thread), so it removes the plan it
imported and the history rows it wrote when it ends. The plan is of 2025, so no reminder deadline
of the months still to come is registered for it.
"""
import re

import pytest
from django_tenants.utils import schema_context

from demo.services import DEMO_PASSWORD

TITLE = "政协资阳市委员会2025年工作要点（浏览器测试）"
DOCUMENT = f"""{TITLE}

一、加强思想政治引领

1.深化理论学习。全年组织集中学习十二次。
牵头单位：办公室
配合单位：研究室
责任领导：分管办公室的市政协领导

2.加强委员培训。举办履职能力培训班两期。

3.办好读书活动。组织线上读书分享。

二、聚焦中心建言资政

4.开展重点调研。围绕产业发展开展专题调研（经济委牵头，农业农村委配合）。

5.办好协商活动。组织界别协商四次。
牵头单位：交通委

6.完善履职管理。建立委员履职档案。
"""


@pytest.fixture
def document(tmp_path, django_db_blocker):
    from django.db import connection

    from tenants.history.models import ChangeLog
    from tenants.programmes.models import Programme

    path = tmp_path / "工作要点.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    with django_db_blocker.unblock(), schema_context("ziyang"):
        Programme.objects.filter(title=TITLE).delete()
        before = ChangeLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
        connection.close()  # see tests/browser/test_reporting_month.py
    yield path
    with django_db_blocker.unblock(), schema_context("ziyang"):
        Programme.objects.filter(title=TITLE).delete()
        ChangeLog.objects.filter(id__gt=before).delete()
        connection.close()


def sign_in(page, base, username):
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


def fits(page, selector) -> list:
    """What inside ``selector`` reaches past the right edge of the viewport (nothing: [])."""
    return page.evaluate("""(selector) => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll(selector + ' *')].filter(
            el => !(el.getBoundingClientRect().right <= width + 1 || el.closest('table')
                    || el.closest('.visually-hidden')))
            .map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right));
    }""", selector)


@pytest.mark.parametrize("width", [375, 1366])
def test_office_builds_its_plan(browser_page, live_site, document, width):
    page, base = browser_page, live_site("ziyang")
    page.set_viewport_size({"width": width, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, base, "ziyang_admin")

    # The office finds the import from the plans page, previews the document.
    page.goto(base + "/programmes/")
    page.get_by_role("link", name="导入工作要点").first.click()
    page.set_input_files("input[name=file]", str(document))
    page.fill("input[name=year]", "2025")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=import-counts]")
    assert page.get_by_test_id("import-counts").inner_text().startswith("2 个部分，6 个事项")
    assert page.get_by_test_id("import-unassigned").inner_text() == "4 个事项尚未指定牵头委室"
    assert page.get_by_test_id("import-unknown-4").inner_text() == "未找到对应的委室或领导：交通委。请在下面选择。"
    lead = page.get_by_test_id("import-lead-0")
    assert lead.locator("option:checked").inner_text() == "办公室"
    assert page.get_by_test_id("import-lead-3").locator("option:checked").inner_text() == "经济委员会"
    assert fits(page, "#import-preview") == []

    # Ticked items 2, 3 and 5 get 联络委员会 in the preview, then the plan is saved.
    for n in (1, 2, 4):
        page.get_by_test_id(f"import-pick-{n}").check()
    page.select_option("select[name=bulk_lead]", label="联络委员会")
    page.get_by_test_id("import-assign").click()
    page.wait_for_selector("[data-testid=import-done]")
    assert page.get_by_test_id("import-unassigned").inner_text() == "1 个事项尚未指定牵头委室"
    assert page.get_by_test_id("import-lead-4").locator("option:checked").inner_text() == "联络委员会"
    page.get_by_test_id("import-confirm").click()
    page.wait_for_url(re.compile(r".*/programmes/\d+/$"))
    assert page.get_by_test_id("lead-1").inner_text() == "办公室"
    assert page.get_by_test_id("lead-2").inner_text() == "联络委员会"
    assert page.get_by_test_id("lead-6").inner_text() == "未指定牵头委室"
    assert fits(page, "#plan") == []

    # On the plan page, item 6 gets 研究室 and the secretary-general in bulk.
    page.get_by_test_id("pick-6").check()
    page.select_option("#bulk-assign select[name=lead_unit]", label="研究室")
    leader = page.locator("#bulk-assign select[name=responsible_leader] option", has_text="秘书长").inner_text()
    page.select_option("#bulk-assign select[name=responsible_leader]", label=leader)
    page.get_by_test_id("bulk-assign").click()
    page.wait_for_selector("[data-testid=plan-done]")
    assert page.get_by_test_id("plan-done").inner_text() == "已为 1 个事项完成分配。"
    assert page.get_by_test_id("lead-6").inner_text() == "研究室"
    assert page.get_by_test_id("leader-6").inner_text() == leader.split(" ")[-1]

    # Item 3 is edited inline; an empty title is refused and nothing is saved.
    page.get_by_test_id("edit-3").click()
    form = page.get_by_test_id("item-edit-form")
    form.locator("input[name=title]").fill("")
    form.get_by_test_id("item-save").click()
    page.wait_for_selector("[data-testid=plan-error]")
    assert page.get_by_test_id("plan-error").inner_text() == "请填写事项标题。"
    form = page.get_by_test_id("item-edit-form")
    form.locator("input[name=title]").fill("办好“书香政协”读书活动")
    form.locator("select[name=lead_unit]").select_option(label="文化文史和学习委员会")
    form.get_by_test_id("item-save").click()
    page.wait_for_selector("[data-testid=plan-done]:has-text('已保存事项 3.')")
    assert page.get_by_test_id("lead-3").inner_text() == "文化文史和学习委员会"

    # It moves up to 2; then item 1 is removed and the plan is numbered again.
    page.get_by_test_id("item-3").locator("button[title=上移]").click()
    page.wait_for_selector("[data-testid=plan-done]:has-text('现为第 2 项')")
    assert "办好“书香政协”读书活动" in page.get_by_test_id("item-2").inner_text()
    page.get_by_test_id("remove-1").click()
    page.wait_for_selector("[data-testid=plan-done]:has-text('已删除事项')")
    assert page.get_by_test_id("plan-done").inner_text() == "已删除事项“深化理论学习”。"
    titles = [t.split(". ", 1)[1] for t in page.locator(".programme-item header a").all_inner_texts()]
    assert titles == ["办好“书香政协”读书活动", "加强委员培训", "开展重点调研", "办好协商活动", "完善履职管理"]
    assert page.get_by_test_id("item-1").is_visible() and page.get_by_test_id("item-5").is_visible()
    assert fits(page, "#plan") == []

    # The report form of an item opens on the month that is due: January of the plan's year.
    page.get_by_test_id("item-1").locator("header a").click()
    page.get_by_test_id("file-report").click()
    assert page.locator("input[name=month]").input_value() == "2025-01"
    page.goto("about:blank")
