"""A unit's month in headless Chromium: file a report, the office returns it, the unit fixes it, the showcase shows it.

ziyang_staff works in 办公室 (the demo), so it reports on brand item 1, which 办公室
leads, and sees why it cannot file for item 2, which 提案委员会 leads.

Runs on the committed demo network (the live server is another thread), so it
removes the report and its history rows when it ends.
"""
import pytest
from django_tenants.utils import schema_context

from demo.services import DEMO_PASSWORD

MONTH = "2024-02"
BRAND = "“好品牌”建设三年行动（2022—2024）"


@pytest.fixture
def training_item(django_db_blocker):
    from django.db import connection

    from tenants.programmes.models import ChangeLog, MonthlyReport, Programme

    with django_db_blocker.unblock(), schema_context("ziyang"):
        brand = Programme.objects.get(title=BRAND)
        item = brand.items.get(number=1, lead_unit__name="办公室")
        other = brand.items.get(number=2, lead_unit__name="提案委员会")
        target = item.targets.get(year=2024, indicator="界别联系群众台账覆盖率")
        MonthlyReport.objects.filter(item=item, month=f"{MONTH}-01").delete()
        before = ChangeLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
        # set up while Playwright's event loop may run in this thread: Django then gives
        # this code a connection of its own, which would outlive the session
        connection.close()
    yield {"id": item.pk, "target": target.pk, "unit": item.lead_unit_id, "other": other.pk}
    with django_db_blocker.unblock(), schema_context("ziyang"):
        MonthlyReport.objects.filter(item_id=item.pk, month=f"{MONTH}-01").delete()
        ChangeLog.objects.filter(id__gt=before, model="monthlyreport").delete()
        connection.close()


def sign_in(page, base, username):
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def sign_out(page):
    page.click("header form button[type=submit]")


def test_a_units_month(browser_page, live_site, training_item):
    page, base = browser_page, live_site("ziyang")
    item_id, target_id = training_item["id"], training_item["target"]

    # The unit files its February report (HTMX swaps the form with the confirmation).
    sign_in(page, base, "ziyang_staff")
    page.goto(f"{base}/programmes/items/{training_item['other']}/")
    assert page.get_by_test_id("file-report").is_disabled()
    assert page.get_by_test_id("report-refusal").inner_text() == (
        "您是办公室的工作人员，只能填报本委室牵头事项的月报；该事项由提案委员会牵头。")
    page.goto(f"{base}/programmes/items/{item_id}/report/?month={MONTH}")
    page.fill("textarea[name=progress]", "建立界别联系人台账")
    page.select_option("select[name=status]", "on_track")
    page.fill(f"input[name=value_{target_id}]", "二十")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#report-form [role=alert]")
    assert page.locator("#report-form [role=alert]").inner_text() == "“界别联系群众台账覆盖率完成值”的值“二十”不是有效的数字。"
    page.fill(f"input[name=value_{target_id}]", "20")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("[data-testid=report-saved]")
    sign_out(page)

    # The office sends it back with a comment.
    sign_in(page, base, "ziyang_admin")
    page.goto(f"{base}/programmes/reports/review/")
    row = page.get_by_test_id(f"review-{item_id}-{MONTH}")
    row.locator("input[name=comment]").fill("请补充各界别联系人名单")
    row.get_by_role("button", name="退回").click()
    page.wait_for_selector(f"[data-testid=review-{item_id}-{MONTH}] .state-returned")
    sign_out(page)

    # The unit sees the comment, fixes the report and files it again.
    sign_in(page, base, "ziyang_staff")
    page.goto(f"{base}/programmes/items/{item_id}/report/?month={MONTH}")
    assert page.get_by_test_id("returned-comment").inner_text() == "办公室退回意见：请补充各界别联系人名单"
    page.fill("textarea[name=progress]", "建立界别联系人台账，联系人名单已补充")
    page.fill(f"input[name=value_{target_id}]", "25")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("[data-testid=report-saved]")
    page.goto(f"{base}/programmes/items/{item_id}/")
    assert page.get_by_test_id(f"report-{MONTH}").locator("td").nth(2).inner_text() == "待审核"

    # The first-quarter showcase shows the unit's report and draws the unit's chart.
    page.goto(f"{base}/programmes/showcase/?year=2024&quarter=1")
    line = page.get_by_test_id(f"line-{item_id}")
    assert "联系人名单已补充" in line.inner_text()
    assert "按计划推进" in line.inner_text()
    # The 2024 target is 100 % coverage; 25 reported.
    assert line.locator("td").nth(4).inner_text() == "25.0%"
    page.wait_for_selector(f"#unit-chart-{training_item['unit']} canvas")
    page.goto("about:blank")  # no request of this page may still reach the server after the test
