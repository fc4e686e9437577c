"""A member (委员) on a phone, in headless Chromium at 375 px: opens 我的履职 from the menu, reads their
duty record, picks a year, exports the summary (.docx); opens the golden-idea pages and sees no
field to edit, and the browser sends no POST while they look around.

Runs on the committed demo network (the live server is another thread), where the demo links
ziyang_member to 资阳's first member record, with duty records of 2022 and of this year and a golden
idea in their name. (An account linked to no member is tested in tests/tenants/programmes.)
"""
import io

import pytest
from django_tenants.utils import schema_context

from demo.services import DEMO_PASSWORD

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def linked_member(django_db_blocker):
    """The demo links ziyang_member to 资阳's first member record (tenants/programmes/demo.py): their facts."""
    from django.db import connection

    from accounts.models import User
    from tenants.golden_ideas.models import Selection
    from tenants.programmes.duty_selectors import member_golden_ideas, member_of_user

    with django_db_blocker.unblock():
        user = User.objects.get(username="ziyang_member")
        with schema_context("ziyang"):
            member = member_of_user(user)
            assert member is not None, "the demo links ziyang_member to a member record"
            selection = Selection.objects.order_by("-year").first()
            facts = {"pk": member.pk, "name": member.name, "sector": member.sector.name,
                     "records": member.duty_records.count(), "selection": selection.pk if selection else None,
                     "ideas": [idea.title for idea in member_golden_ideas(member=member)]}
        connection.close()
    return facts


def sign_in(page, base, username):
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def nav_link(page, name):
    """A link of the header; on a phone the menu button opens the links first."""
    toggle = page.locator("header [data-nav-toggle]")
    if toggle.count() and toggle.first.is_visible() and toggle.first.get_attribute("aria-expanded") != "true":
        toggle.first.click()
    return page.locator("header").get_by_role("link", name=name, exact=True)


def _fits(page) -> bool:
    """Nothing in the page's content is wider than the screen (wide tables scroll in their box)."""
    return page.evaluate("document.querySelector('main').scrollWidth <= window.innerWidth")


def test_a_member_reads_and_exports_their_duty_record_on_a_phone(browser_page, live_site, linked_member):
    from docx import Document

    page, base = browser_page, live_site("ziyang")
    page.set_viewport_size(PHONE)
    sign_in(page, base, "ziyang_member")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    nav_link(page, "我的履职").click()
    page.wait_for_url(base + "/programmes/members/me/")
    assert page.locator("h1").inner_text() == f"{linked_member['name']} · 履职档案"
    assert page.get_by_test_id("member-facts").inner_text().startswith(linked_member["sector"])
    assert linked_member["records"] >= 4  # 2022's and this year's, from the demo
    assert page.locator("[data-testid=records] tbody tr").count() == linked_member["records"]
    assert linked_member["ideas"] and linked_member["ideas"][0] in page.locator("main").inner_text()
    assert _fits(page)

    # The demo's record is of 2022 (a brand item): choosing the year shows its counts.
    page.select_option("select[name=year]", "2022")
    page.wait_for_url(base + "/programmes/members/me/?year=2022")
    assert page.get_by_test_id("total").inner_text() == "1"
    assert "好品牌三年行动" in page.get_by_test_id("counts").inner_text()
    assert page.locator("main input, main textarea, main form[method=post]").count() == 0

    with page.expect_download() as download_info:
        page.get_by_test_id("docx").click()
    download = download_info.value
    assert download.suggested_filename == f"委员年度履职情况-{linked_member['name']}-2022.docx"
    document = Document(io.BytesIO(open(download.path(), "rb").read()))
    assert document.paragraphs[0].text == "政协资阳市委员会委员2022年度履职情况"
    counts = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows[1:]}
    assert counts["好品牌三年行动"] == "1" and counts["合计"] == "1"
    assert posts == []


def test_a_member_on_the_golden_idea_pages_edits_nothing_and_sends_no_post(browser_page, live_site, linked_member):
    if linked_member["selection"] is None:
        pytest.skip("the demo has no golden-idea selection in 资阳")
    page, base = browser_page, live_site("ziyang")
    page.set_viewport_size(PHONE)
    sign_in(page, base, "ziyang_member")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    nav_link(page, "金点子").click()
    page.wait_for_url(base + "/golden-ideas/")
    assert page.locator("main a", has_text="填报申报表").count() == 0
    page.locator(".golden-board a").first.click()
    page.wait_for_url("**/golden-ideas/ideas/*/")
    assert page.locator("main input, main select, main textarea").count() == 0

    # The 申报表 opened from a link someone sent: read-only, no field sends a check.
    page.goto(f"{base}/golden-ideas/selections/{linked_member['selection']}/recommend/")
    assert page.get_by_test_id("read-only").is_visible()
    assert page.locator("main input, main select, main textarea, main [hx-post]").count() == 0
    for term in page.locator("main [data-testid=form-contents] li").all()[:3]:
        term.click()
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    assert _fits(page)
    assert posts == []


@pytest.fixture
def office_record(django_db_blocker):
    """The text of the record the office adds; the record and its history row are removed afterwards."""
    from django.db import connection

    from tenants.history.models import ChangeLog
    from tenants.programmes.models import DutyRecord, Programme

    text = "浏览器测试：参加专题协商会并发言"
    with django_db_blocker.unblock(), schema_context("ziyang"):
        item = Programme.objects.get(title__startswith="“好品牌”").items.get(number=3)
        facts = {"text": text, "item": item.pk, "item_title": item.title,
                 "before": ChangeLog.objects.order_by("-id").values_list("id", flat=True).first() or 0}
        connection.close()
    yield facts
    with django_db_blocker.unblock(), schema_context("ziyang"):
        DutyRecord.objects.filter(text=text).delete()
        ChangeLog.objects.filter(id__gt=facts["before"], model="dutyrecord").delete()
        connection.close()


def test_the_office_opens_a_member_from_the_list_and_links_a_record_to_a_plan_item(
        browser_page, live_site, linked_member, office_record):
    page, base = browser_page, live_site("ziyang")
    page.set_viewport_size(PHONE)
    sign_in(page, base, "ziyang_admin")
    nav_link(page, "委员").click()
    page.wait_for_url(base + "/structure/members/")
    page.get_by_test_id(f"duty-{linked_member['pk']}").click()
    page.wait_for_url(f"{base}/programmes/members/{linked_member['pk']}/duty/")
    assert _fits(page)

    # The item select is grouped by plan and section and numbers items as the plan does.
    select = page.get_by_test_id("item-select")
    group = select.locator("optgroup", has=page.locator(f"option[value='{office_record['item']}']"))
    assert group.get_attribute("label") == "“好品牌”建设三年行动（2022—2024） · 一、七个方面的品牌建设"
    assert select.locator(f"option[value='{office_record['item']}']").inner_text() == f"3. {office_record['item_title']}"

    # Nothing typed: a message, nothing saved.
    page.get_by_role("button", name="记录").click()
    assert page.locator("main [role=alert]").first.inner_text() == "请填写履职事项。"

    page.fill("input[name=date]", "2024-05-06")
    page.fill("input[name=text]", office_record["text"])
    select.select_option(str(office_record["item"]))
    page.get_by_role("button", name="记录").click()
    page.wait_for_selector(".message")
    row = page.locator("[data-testid=records] tr", has_text=office_record["text"])
    assert row.locator("td").first.inner_text() in ("2024-05-06", "2024年5月6日")  # as the page writes dates
    assert row.locator("a").inner_text() == f"“好品牌”建设三年行动（2022—2024） · 一、3. {office_record['item_title']}"
