"""A social-conditions report in headless Chromium, from submission to a leader's instruction: the member
submits (bad input first), the office edits and uses it and forwards it to the province, the provincial
officer adopts it on the province's site, the office records an instruction, and the member reads it all.
At 375 px (a member's phone) and 1366 px.

Runs on the committed demo network, so it removes its report, copy, history and notifications at the end.
"""
import pytest
from django_tenants.utils import schema_context

from demo.services import DEMO_PASSWORD

TITLE = "浏览器测试：群众反映小区快递柜收费"


@pytest.fixture
def cleanup(django_db_blocker):
    from django.db import connection

    from notifications.models import Notification
    from shared.opinion_exchange.models import ForwardedReport
    from tenants.history.models import ChangeLog
    from tenants.opinions.models import OpinionReport

    def remove():
        with django_db_blocker.unblock():
            with schema_context("ziyang"):
                ids = list(OpinionReport.objects.filter(title__startswith=TITLE).values_list("pk", flat=True))
                ChangeLog.objects.filter(model="opinionreport", object_id__in=ids).delete()
                OpinionReport.objects.filter(pk__in=ids).delete()
                ForwardedReport.objects.filter(organisation__schema_name="ziyang", report_id__in=ids).delete()
            Notification.objects.filter(params__title__startswith=TITLE).delete()
            connection.close()

    remove()
    yield
    remove()


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def fits(page, width, selectors):
    for selector in selectors:
        box = page.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (selector, box)


@pytest.mark.parametrize("width", [375, 1366])
def test_a_report_from_submission_to_an_instruction(browser_page, live_site, cleanup, width):
    import datetime as dt

    page, base, province = browser_page, live_site("ziyang"), live_site("sichuan")
    page.set_viewport_size({"width": width, "height": 900})
    today = dt.date.today().isoformat()

    sign_in(page, base, "ziyang_member")
    page.goto(base + "/opinions/")
    page.locator("main a[href='/opinions/new/']").click()
    page.wait_for_url(base + "/opinions/new/")
    page.fill("input[name=title]", "")
    page.get_by_role("button", name="报送", exact=True).click()
    page.wait_for_selector("small.error[role=alert]")
    assert "请填写标题。" in page.locator("main").inner_text()
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=situation]", "多个小区的快递柜超时即收费，老人取件不便。")
    page.fill("textarea[name=views]", "居民希望延长免费保管时间。")
    page.fill("textarea[name=suggestions]", "建议规范快递柜收费，免费保管不少于 24 小时。")
    page.get_by_role("button", name="报送", exact=True).click()
    page.wait_for_selector("[data-testid=status]:has-text('待处理')")
    url = page.url
    if width == 375:
        fits(page, 375, ["h1", "main table"])

    sign_in(page, base, "ziyang_admin")
    page.goto(url)
    page.locator(f"main a[href='{url[len(base):]}edit/']").click()
    page.fill("input[name=title]", TITLE + "问题")
    page.get_by_role("button", name="保存编辑").click()
    page.wait_for_selector("[data-testid=changes] ins:has-text('问题')")
    page.locator("[data-testid=decide] label:has-text('采用') input[value='1']").check()
    page.get_by_role("button", name="确定", exact=True).click()
    page.wait_for_selector("[data-testid=status]:has-text('已采用')")
    page.locator("[data-testid=forward] input[name=to_province]").check()
    page.locator("[data-testid=forward]").get_by_role("button", name="报送").click()
    page.wait_for_selector("[data-testid=status]:has-text('已报送')")

    sign_in(page, province, "sichuan_officer")
    page.goto(province + "/opinion-exchange/")
    row = page.locator("[data-testid=forwarded-row]", has_text=TITLE)
    row.locator("input[name=adopted_on]").fill(today)
    row.locator("input[name=issue]").fill("四川社情民意第 30 期")
    row.get_by_role("button", name="登记采用").click()
    page.wait_for_selector("text=已登记省政协采用")
    assert "四川社情民意第 30 期" in page.locator("[data-testid=forwarded-row]", has_text=TITLE).inner_text()
    if width == 375:
        fits(page, 375, ["h1", "main .table-scroll"])

    sign_in(page, base, "ziyang_admin")
    page.goto(url)
    page.locator("[data-testid=instructions] summary").click()
    page.fill("input[name=leader]", "副市长 周某")
    page.select_option("select[name=level]", "city")
    page.fill("input[name=instructed_on]", today)
    page.fill("textarea[name=text]", "请市商务局会同邮政管理部门规范收费。")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_selector("[data-testid=instruction]:has-text('副市长 周某')")

    sign_in(page, base, "ziyang_member")
    page.goto(url)
    text = page.locator("main").inner_text()
    assert "请市商务局会同邮政管理部门规范收费。" in text and "四川社情民意第 30 期" in text
    assert page.locator("[data-testid=changes] ins").first.inner_text() == "问题"
    if width == 375:
        fits(page, 375, ["h1", "[data-testid=instructions]", "[data-testid=upward]"])
