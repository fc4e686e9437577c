"""End to end in headless Chromium: sign in to a committee's site and move around it."""
import re

import pytest
from django_tenants.utils import schema_context

from demo.services import DEMO_PASSWORD


@pytest.fixture(scope="module")
def ziyang_facts(django_db_blocker):
    from tenants.structure.models import Member, Sector

    with django_db_blocker.unblock(), schema_context("ziyang"):
        sector = Sector.objects.get(name="教育界")
        return {
            "members": Member.objects.count(),
            "sector_id": str(sector.pk),
            "in_sector": sorted(Member.objects.filter(sector=sector).values_list("name", flat=True)),
        }


def sign_in(page, base, username):
    page.goto(base + "/")
    assert "/login/" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")


def test_staff_signs_in_browses_members_filters_and_switches_language(browser_page, live_site, ziyang_facts):
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_staff")
    page.wait_for_url(base + "/")
    assert page.locator("nav strong").inner_text() == "政协资阳市委员会"
    assert page.get_by_test_id("member-count").inner_text() == str(ziyang_facts["members"])
    # The dashboard chart is drawn by ECharts served from our own static files.
    page.wait_for_selector("#sector-chart canvas")

    page.get_by_role("link", name="委员", exact=True).click()
    page.wait_for_url(base + "/structure/members/")
    assert page.locator("#member-table tbody tr").count() == ziyang_facts["members"]

    # Filtering by sector swaps only the table (HTMX) and keeps the URL shareable.
    page.select_option("select[name=sector]", ziyang_facts["sector_id"])
    page.wait_for_function(
        "n => document.querySelectorAll('#member-table tbody tr').length === n",
        arg=len(ziyang_facts["in_sector"]),
    )
    names = sorted(page.locator("#member-table tbody tr td:first-child").all_inner_texts())
    assert names == ziyang_facts["in_sector"]
    assert re.search(r"sector=" + ziyang_facts["sector_id"], page.url)

    page.select_option("header select[name=language]", "en")
    page.wait_for_selector("text=Liaison unit")
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_user_of_ziyang_cannot_open_jinhua(browser_page, live_site):
    page = browser_page
    sign_in(page, live_site("jinhua"), "ziyang_admin")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "无权访问"
    assert "政协金华市委员会" in page.locator("nav strong").inner_text()
    assert page.locator("main table").count() == 0
