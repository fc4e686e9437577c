"""The provincial officer's network view (全省驾驶舱) in headless Chromium, at 1366 px and 375 px.

Runs on the committed demo network (whose build pushes every committee's figures): the
fixture pushes 资阳's and 安岳's again, takes 成都's away (a committee that never sent any)
and puts everything back afterwards.
"""
import io

import pytest
from django_tenants.utils import schema_context

from demo.services import DEMO_PASSWORD

PUSHED = ["ziyang", "anyue"]


@pytest.fixture
def pushed(django_db_blocker):
    from django.db import connection

    from shared.network.models import CommitteeStatus
    from tenants.programmes.network_push import network_status_push

    with django_db_blocker.unblock():
        chengdu = CommitteeStatus.objects.filter(organisation__schema_name="chengdu").delete()[0]
        before = set(CommitteeStatus.objects.values_list("pk", flat=True))
        figures = {}
        for slug in PUSHED:
            with schema_context(slug):
                figures[slug] = network_status_push()
        connection.set_schema_to_public()
        connection.close()
    yield figures
    with django_db_blocker.unblock():
        CommitteeStatus.objects.exclude(pk__in=before).delete()
        for slug in PUSHED + (["chengdu"] if chengdu else []):
            with schema_context(slug):
                network_status_push()
        connection.set_schema_to_public()
        connection.close()


def sign_in(page, base, username):
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def shown(value) -> str:
    return "—" if value is None else f"{value:f}"


@pytest.mark.parametrize("width", [1366, 375])
def test_the_officer_reads_sorts_exports_and_opens_a_showcase(browser_page, live_site, pushed, width):
    from openpyxl import load_workbook

    page, base = browser_page, live_site("sichuan")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, base, "sichuan_officer")
    if width == 1366:
        page.get_by_role("link", name="全省驾驶舱").click()
    else:
        page.goto(base + "/network/")  # the phone's header menu is the layout's own
    page.wait_for_selector("#network-table")
    assert page.locator("#network-table tbody tr").count() == 18  # 12 cities and 6 counties of the demo's 四川
    page.wait_for_selector("#network-chart canvas")
    ziyang = page.locator("#network-table tr[data-slug='512000']")
    assert ziyang.locator("td[data-key=plan_completion]").inner_text() == shown(pushed["ziyang"].plan_completion)
    assert ziyang.locator("td[data-key=reports_overdue]").inner_text() == str(pushed["ziyang"].reports_overdue)
    never = page.locator("#network-table tr[data-slug='510100']")  # 成都 never pushed
    assert never.locator("td[data-key=plan_completion]").inner_text() == "—"
    assert "尚未推送" in never.inner_text()

    if width == 375:
        # The page fits the phone; the wide table scrolls inside its own box.
        for selector in ["h1", "#network-chart", "div.overflow-auto"]:
            box = page.locator(selector).first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (selector, box)

    # Sorting by overdue reports, most first: 资阳 or 安岳 leads, committees without figures come last.
    page.locator("#network-table a[data-sort=overdue]").click()
    page.wait_for_url("**sort=overdue&dir=asc**")
    page.locator("#network-table a[data-sort=overdue]").click()
    page.wait_for_url("**sort=overdue&dir=desc**")
    first = page.locator("#network-table tbody tr").first
    most = max(PUSHED, key=lambda slug: pushed[slug].reports_overdue)
    assert first.locator("td[data-key=reports_overdue]").inner_text() == str(pushed[most].reports_overdue)
    assert page.locator("#network-table tbody tr").last.locator("td[data-key=reports_overdue]").inner_text() == "—"

    with page.expect_download() as download:
        page.get_by_test_id("network-xlsx").click()
    rows = list(load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active.iter_rows(values_only=True))
    assert rows[2][0] == "政协" and len(rows) == 3 + 18
    assert rows[3][list(rows[2]).index("逾期未报")] == pushed[most].reports_overdue

    # The showcase of 资阳 opens on 资阳's own site, read-only.
    page.locator("#network-table tr[data-slug='512000'] a[data-testid=showcase-link]").click()
    page.wait_for_load_state()
    if "/login/" in page.url:  # until one sign-in covers the network, the officer signs in on 资阳's site
        page.fill("input[name=username]", "sichuan_officer")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
    page.wait_for_url(live_site("ziyang") + "/programmes/showcase/**")
    page.wait_for_selector("#unit-table")
    assert page.locator("main form[method=post]").count() == 0


def test_a_city_administrator_is_sent_back(browser_page, live_site):
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_admin")
    assert page.get_by_role("link", name="全省驾驶舱").count() == 0
    page.goto(base + "/network/")
    page.wait_for_url(base + "/")
    assert "全省驾驶舱由省政协工作人员查看" in page.content()
