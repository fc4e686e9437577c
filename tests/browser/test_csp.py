"""In headless Chromium, with the Content-Security-Policy on: the pages draw and nothing is refused."""
from demo.services import DEMO_PASSWORD


def sign_in(page, base, username):
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def watch_violations(page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    page.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
        console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));""")
    return seen


def test_charts_confirmations_and_the_language_switch_work_under_the_policy(browser_page, live_site):
    page, base = browser_page, live_site("ziyang")
    violations = watch_violations(page)
    sign_in(page, base, "ziyang_admin")
    page.goto(base + "/")
    page.wait_for_selector("#sector-chart canvas")
    page.goto(base + "/programmes/showcase/")
    page.wait_for_selector(".grid-cards [id] canvas")
    page.goto(base + "/benchmark/")
    page.wait_for_selector("#league-chart canvas")
    page.goto(base + "/benchmark/trends/")
    page.wait_for_selector("#trend-chart canvas")
    # the language switch submits its form from ui/app.js (no inline handler)
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    with page.expect_navigation():
        page.select_option("select[name=language]", "zh-hans")
    page.wait_for_selector("html[lang=zh-hans]")
    page.goto(base + "/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container")
    assert violations == []


def test_a_delete_asks_first_and_cancelling_keeps_the_material(browser_page, live_site):
    page, base = browser_page, live_site("ziyang")
    violations = watch_violations(page)
    sign_in(page, base, "ziyang_admin")
    page.goto(base + "/materials/")
    page.wait_for_load_state("networkidle")
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    forms = page.locator("form[data-confirm]")
    for href in page.locator("a[href*='/materials/']").evaluate_all("els => els.map(e => e.href)"):
        page.goto(href)
        if forms.count():
            break
    assert forms.count() == 1, "a material 资阳 may delete"
    url = page.url
    forms.locator("button[type=submit]").click()
    page.wait_for_timeout(300)
    assert asked and "确定删除" in asked[0]
    assert page.url == url
    assert violations == []
