"""A unit's month in headless Chromium: file a report, the office returns it, the unit fixes it, the showcase shows it.

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
    from tenants.programmes.models import ChangeLog, MonthlyReport, Programme

    with django_db_blocker.unblock(), schema_context("ziyang"):
        item = Programme.objects.get(title=BRAND).items.get(number=2)
        target = item.targets.get(year=2024, indicator="实战化培训委员")
        MonthlyReport.objects.filter(item=item, month=f"{MONTH}-01").delete()
        before = ChangeLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    yield {"id": item.pk, "target": target.pk, "unit": item.lead_unit_id}
    with django_db_blocker.unblock(), schema_context("ziyang"):
        MonthlyReport.objects.filter(item_id=item.pk, month=f"{MONTH}-01").delete()
        ChangeLog.objects.filter(id__gt=before, model="monthlyreport").delete()


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
    page.goto(f"{base}/programmes/items/{item_id}/report/?month={MONTH}")
    page.fill("textarea[name=progress]", "举办第一期实战化培训")
    page.select_option("select[name=status]", "on_track")
    page.fill(f"input[name=value_{target_id}]", "二十")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#report-form [role=alert]")
    assert page.locator("#report-form [role=alert]").inner_text() == "“实战化培训委员完成值”的值“二十”不是有效的数字。"
    page.fill(f"input[name=value_{target_id}]", "20")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("[data-testid=report-saved]")
    sign_out(page)

    # The office sends it back with a comment.
    sign_in(page, base, "ziyang_admin")
    page.goto(f"{base}/programmes/reports/review/")
    row = page.get_by_test_id(f"review-{item_id}-{MONTH}")
    row.locator("input[name=comment]").fill("请补充参训委员名单")
    row.get_by_role("button", name="退回").click()
    page.wait_for_selector(f"[data-testid=review-{item_id}-{MONTH}] .state-returned")
    sign_out(page)

    # The unit sees the comment, fixes the report and files it again.
    sign_in(page, base, "ziyang_staff")
    page.goto(f"{base}/programmes/items/{item_id}/report/?month={MONTH}")
    assert page.get_by_test_id("returned-comment").inner_text() == "办公室退回意见：请补充参训委员名单"
    page.fill("textarea[name=progress]", "举办第一期实战化培训，参训委员名单已补充")
    page.fill(f"input[name=value_{target_id}]", "25")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("[data-testid=report-saved]")
    page.goto(f"{base}/programmes/items/{item_id}/")
    assert page.get_by_test_id(f"report-{MONTH}").locator("td").nth(2).inner_text() == "待审核"

    # The first-quarter showcase shows the unit's report and draws the unit's chart.
    page.goto(f"{base}/programmes/showcase/?year=2024&quarter=1")
    line = page.get_by_test_id(f"line-{item_id}")
    assert "参训委员名单已补充" in line.inner_text()
    assert "按计划推进" in line.inner_text()
    # 2024 targets: 150 person-times and 100 %; reported 25 and nothing: (25/150 + 0) / 2.
    assert line.locator("td").nth(4).inner_text() == "8.3%"
    page.wait_for_selector(f"#unit-chart-{training_item['unit']} canvas")
    page.goto("about:blank")  # no request of this page may still reach the server after the test
