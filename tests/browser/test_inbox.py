"""The office returns a report; the unit's staff sees the notification and the to-do entry, and each link
opens the report to fix (headless Chromium on the committed demo network).

ziyang_staff works in 办公室 (the demo), which leads brand item 1. The fixture files a report for a
month of that item as the staff, and removes it, its history and the notifications when it ends.
"""
import pytest
from django_tenants.utils import schema_context

from demo.services import DEMO_PASSWORD

MONTH = "2024-03"
BRAND = "“好品牌”建设三年行动（2022—2024）"


@pytest.fixture
def filed_report(django_db_blocker):
    from django.db import connection

    from accounts.models import User
    from notifications.models import Notification
    from tenants.programmes import services
    from tenants.programmes.models import ChangeLog, MonthlyReport, Programme

    with django_db_blocker.unblock():
        last_notification = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with schema_context("ziyang"):
            item = Programme.objects.get(title=BRAND).items.get(number=1, lead_unit__name="办公室")
            MonthlyReport.objects.filter(item=item, month=f"{MONTH}-01").delete()
            before = ChangeLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
            services.report_file(actor=User.objects.get(username="ziyang_staff"), item=item, month=MONTH,
                                 progress="走访界别群众 12 次", status="on_track")
            connection.close()
    yield {"item": item.pk, "title": item.title}
    with django_db_blocker.unblock():
        with schema_context("ziyang"):
            MonthlyReport.objects.filter(item_id=item.pk, month=f"{MONTH}-01").delete()
            ChangeLog.objects.filter(id__gt=before, model="monthlyreport").delete()
        Notification.objects.filter(id__gt=last_notification).delete()
        connection.close()


def sign_in(page, base, username):
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def sign_out(page):
    page.click("header form button[type=submit]")


def test_the_unit_is_told_its_report_was_returned_and_follows_the_links(browser_page, live_site, filed_report):
    page, base = browser_page, live_site("ziyang")
    item_id, title = filed_report["item"], filed_report["title"]
    report_url = f"{base}/programmes/items/{item_id}/report/?month={MONTH}"

    # The office: the filed report is in its inbox and its to-do list; it returns it.
    sign_in(page, base, "ziyang_admin")
    page.get_by_test_id("inbox-link").click()
    page.wait_for_url(f"{base}/notifications/")
    assert f"“{title}”{MONTH} 月报待审核" in page.get_by_test_id("inbox").inner_text()
    page.goto(f"{base}/programmes/reports/review/")
    row = page.get_by_test_id(f"review-{item_id}-{MONTH}")
    row.locator("input[name=comment]").fill("请附走访记录")
    row.get_by_role("button", name="退回").click()
    page.wait_for_selector(f"[data-testid=review-{item_id}-{MONTH}] .state-returned")
    sign_out(page)

    # The unit's staff: a count in the header, the notification in the inbox, the entry in the to-do list.
    sign_in(page, base, "ziyang_staff")
    assert int(page.get_by_test_id("inbox-unread-count").inner_text()) >= 1
    returned = page.get_by_test_id("todo-reports_returned")
    entry = returned.get_by_role("link", name=f"{title}：2024年3月月报")
    assert "请附走访记录" in returned.inner_text()
    entry.click()
    page.wait_for_url(report_url)
    assert page.get_by_test_id("returned-comment").inner_text() == "办公室退回意见：请附走访记录"

    page.get_by_test_id("inbox-link").click()
    notice = page.get_by_test_id("notification").filter(has_text=f"“{title}”{MONTH} 月报被退回")
    assert "退回意见：请附走访记录" in notice.inner_text()
    assert "未读" in notice.inner_text()
    unread_before = int(page.get_by_test_id("inbox-unread").inner_text())
    notice.get_by_test_id("notification-open").click()
    page.wait_for_url(report_url)
    page.get_by_test_id("inbox-link").click()
    assert int(page.get_by_test_id("inbox-unread").inner_text()) == unread_before - 1
    notice = page.get_by_test_id("notification").filter(has_text=f"“{title}”{MONTH} 月报被退回")
    assert "未读" not in notice.inner_text()

    # Everything else read at once; the header count goes.
    page.get_by_test_id("mark-all-read").click()
    page.wait_for_url(f"{base}/notifications/")
    assert page.get_by_test_id("inbox-unread").inner_text() == "0"
    assert page.get_by_test_id("inbox-unread-count").count() == 0

    # At 375 px the to-do list and the inbox fit the width (the header's menu is the layout's own).
    page.set_viewport_size({"width": 375, "height": 800})
    for url, testid in [("/", "todo"), ("/notifications/", "inbox")]:
        page.goto(base + url)
        box = page.get_by_test_id(testid).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (url, box)
    page.goto("about:blank")
