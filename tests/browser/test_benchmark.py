"""End to end in headless Chromium: the provincial officer compares the cities and opens one's catch-up page."""
from demo.services import DEMO_PASSWORD


def test_officer_opens_league_changes_normalisation_and_opens_a_catch_up_page(browser_page, live_site):
    page, base = browser_page, live_site("sichuan")
    page.goto(base + "/benchmark/")
    assert "/login/" in page.url
    page.fill("input[name=username]", "sichuan_officer")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#league-table")
    assert page.locator("#league-table tbody tr").count() == 12
    page.wait_for_selector("#league-chart canvas")
    first_min_max = page.locator("#league-table tbody tr:first-child td.score").inner_text()

    # Z scores: HTMX swaps the table; scores are no longer in [0, 1] and the URL keeps the choice.
    page.select_option("select[name=normalisation]", "z_score")
    page.wait_for_url("**normalisation=z_score**")
    page.wait_for_function(
        "old => document.querySelector('#league-table tbody tr td.score').innerText !== old",
        arg=first_min_max,
    )
    assert page.locator("#league-table tbody tr").count() == 12
    assert "与发布口径不同的试算" in page.locator("#league").inner_text()

    page.locator("#league-table tr[data-slug=ziyang] a").click()
    page.wait_for_selector("h1:has-text('资阳 · 赶超分析')")
    assert page.locator("#gap-table tbody tr").count() == 19
    assert page.get_by_test_id("overtakes").inner_text()
