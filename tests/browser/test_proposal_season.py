"""A proposal's whole way in headless Chromium, as each person does it: a member drafts on a phone and
invites a co-signer, who confirms; the office accepts and assigns it to a lead and a cooperating
unit; the lead unit answers, the cooperating unit countersigns; the office approves; the member,
unsatisfied, sends it back for a second handling.

Runs on the committed demo network (the live server is another thread): the fixture makes the
co-signer's account and removes everything the test wrote when it ends.
"""
import re

import pytest
from django_tenants.utils import schema_context

from demo.services import DEMO_PASSWORD

TITLE = "关于在城区增设公共充电桩的建议（浏览器测试）"


@pytest.fixture
def cosigner(django_db_blocker):
    from django.db import connection

    from accounts.models import Role, User
    from accounts.services import membership_grant, user_ensure
    from notifications.models import Notification
    from tenancy.models import Organisation
    from tenants.history.models import ChangeLog
    from tenants.proposals.models import Proposal
    from tenants.structure.models import Member, Sector

    with django_db_blocker.unblock(), schema_context("ziyang"):
        user = user_ensure(username="ziyang_cosigner_browser", display_name="测试联名委员", password=DEMO_PASSWORD)
        membership_grant(user=user, organisation=Organisation.objects.get(schema_name="ziyang"), role=Role.MEMBER)
        member = Member.objects.create(name="测试联名委员", sector=Sector.objects.first(), user_id=user.pk)
        before = ChangeLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
        notes = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
        connection.close()
    yield member
    with django_db_blocker.unblock(), schema_context("ziyang"):
        for proposal in Proposal.objects.filter(title=TITLE):
            for answer in proposal.answers.all():
                answer.ratings.all().delete()
                answer.countersigns.all().delete()
            proposal.answers.all().delete()
            proposal.assignments.all().delete()
            proposal.signers.all().delete()
            proposal.delete()
        Member.objects.filter(pk=member.pk).delete()
        ChangeLog.objects.filter(id__gt=before).delete()
        Notification.objects.filter(id__gt=notes).delete()
        User.objects.filter(username="ziyang_cosigner_browser").delete()
        connection.close()


def as_user(page, base, username, width=1366):
    """A fresh browser context signed in as `username` (each person on their own device)."""
    context = page.context.browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    other = context.new_page()
    other.set_default_timeout(15_000)
    other.goto(base + "/login/")
    other.fill("input[name=username]", username)
    other.fill("input[name=password]", DEMO_PASSWORD)
    other.click("main button[type=submit]")
    other.wait_for_url(re.compile(re.escape(base) + r"/.*"))
    return other


def wide(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def test_a_proposal_from_draft_to_a_second_handling(browser_page, live_site, cosigner):
    base = live_site("ziyang")
    member = as_user(browser_page, base, "ziyang_member", width=375)
    member.goto(base + "/proposals/")
    member.get_by_role("button", name="起草提案").click()
    member.fill("input[name=title]", TITLE)
    member.fill("textarea[name=situation]", "城区新能源汽车增长快，公共充电桩少。")
    member.fill("textarea[name=suggestions]", "一是在公共停车场配建充电桩；二是鼓励小区共享充电。")
    member.click("main form button[type=submit]")
    member.wait_for_url(re.compile(r".*/proposals/\d+/$"))
    url = member.url
    assert wide(member) <= 0
    member.select_option("select[name=members]", label="测试联名委员")
    member.get_by_role("button", name="邀请联名").click()
    member.wait_for_selector("text=已邀请联名")

    co = as_user(browser_page, base, "ziyang_cosigner_browser", width=375)
    co.goto(url)
    co.get_by_role("button", name="确认联名").click()
    co.wait_for_selector("text=已确认联名。")

    member.reload()
    member.get_by_role("button", name="提交提案").click()
    member.wait_for_selector("[data-testid=status]:has-text('待审查')")

    office = as_user(browser_page, base, "ziyang_admin")
    office.goto(url)
    office.select_option("select[name=decision]", "accept")
    office.get_by_role("button", name="确定审查结果").click()
    office.wait_for_selector("[data-testid=status]:has-text('已立案')")
    office.select_option("select[name=lead]", label="市交通运输局")
    office.select_option("select[name=cooperating]", label="市住房和城乡建设局")
    office.locator("[data-testid=assign] button[type=submit]").click()
    office.wait_for_selector("[data-testid=status]:has-text('办理中')")

    lead = as_user(browser_page, base, "ziyang_handler")
    lead.get_by_role("link", name="承办的提案").first.click()
    lead.get_by_test_id("handling").get_by_role("link", name=TITLE).click()
    lead.fill("input[name=reply_number]", "资交函〔2026〕99号")
    lead.fill("textarea[name=text]", "已在 3 个公共停车场建成充电桩 60 个。")
    lead.select_option("select[name=outcome]", "B")
    lead.get_by_role("button", name="报送会签").click()
    lead.wait_for_selector("text=答复已报送会签。")

    cooperating = as_user(browser_page, base, "ziyang_handler2")
    cooperating.get_by_role("link", name="承办的提案").first.click()
    cooperating.get_by_test_id("handling").get_by_role("link", name=TITLE).click()
    cooperating.locator("[data-testid=countersign-form] button[type=submit]").click()
    cooperating.wait_for_selector("text=已会签。")

    office.reload()
    office.locator("[data-testid=answer] button[type=submit]").click()
    office.wait_for_selector("text=答复已审核通过")
    office.wait_for_selector("[data-testid=status]:has-text('已答复')")

    member.reload()
    rate = member.get_by_test_id("rate")
    rate.get_by_label("不满意").check()
    rate.locator("textarea[name=comment]").fill("小区共享充电还没有落实。")
    rate.locator("button[type=submit]").click()
    member.wait_for_selector("[data-testid=status]:has-text('办理中')")
    assert "第 2 轮办理" in member.inner_text("main")
    assert wide(member) <= 0
