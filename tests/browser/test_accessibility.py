"""axe-core on every page of every demo role: no serious or critical WCAG 2.1 A/AA violation.

Each demo role signs in and visits every page it can reach by clicking (every_page.py);
on each page axe-core (from the npm registry, installed by `manage.py vendor_assets`
into .var/vendor-test, never served by a page) checks the WCAG 2.1 A and AA rules and
axe's best practices. A violation of impact "serious" or "critical" fails the test,
named by role, page, rule and the first elements it found, so the fix can start there.
Moderate and minor findings are left to people (axe reports them, the test does not).

Every role walks all its pages, but a page (its pattern: one item page stands for all)
is checked once per kind of account (admin, staff, member, viewer, officer, operator):
the committees share their templates, so 金华's administrator sees what 资阳's sees,
with other data. That keeps the test at a few minutes.
"""
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.browser.every_page import DEMO_ROLES, set_language, sign_in, walk
from ui.assets import TEST_ASSETS_DIRNAME

AXE = Path(settings.VENDOR_ASSETS_DIR).with_name(TEST_ASSETS_DIRNAME) / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING = {"serious", "critical"}
RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + n.html.slice(0, 90))}));
}"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.skip(f"no {AXE}: run `manage.py vendor_assets`")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser(live_site):
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def violations_on(page, axe_source) -> list[dict]:
    # Run through the DevTools protocol, which the page's Content-Security-Policy does not govern.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    return page.evaluate(RUN, TAGS)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_page_of_any_role_has_a_serious_accessibility_violation(browser, live_site, axe_source, language):
    problems, pages, checked = [], 0, set()
    # English: one committee's roles, the officer and the operator, at phone size (the
    # folded menu); Chinese: every role at an office PC's size.
    roles = DEMO_ROLES if language == "zh-hans" else [r for r in DEMO_ROLES if r.slug in (None, "ziyang", "sichuan")]
    viewport = {"width": 1366, "height": 768} if language == "zh-hans" else {"width": 375, "height": 812}
    for role in roles:
        base = live_site(role.slug)
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        set_language(context, base, language)
        sign_in(page, base, role.username)
        kind = role.username.rsplit("_", 1)[-1]
        for visit in walk(page, base, cap=30):
            pages += 1
            if (visit.pattern, kind) in checked:
                continue
            checked.add((visit.pattern, kind))
            for v in violations_on(page, axe_source):
                if v["impact"] in FAILING:
                    problems.append(f"{role} {visit.url}: {v['id']} ({v['impact']}) {v['help']}\n    "
                                    + "\n    ".join(v["nodes"]))
        context.close()
    assert pages > len(roles) * 3, f"the walk found only {pages} pages"
    assert not problems, (f"{len(problems)} serious or critical violations on {len(checked)} pages checked:\n"
                          + "\n".join(problems))


def test_axe_finds_what_it_is_asked_to_find(browser, live_site, axe_source):
    """The check can fail: a control without a label on a real page is reported as critical."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_site("ziyang") + "/login/")
    page.evaluate("() => { const i = document.createElement('input'); i.type = 'text';"
                  " document.querySelector('main').appendChild(i); }")
    found = {v["id"]: v["impact"] for v in violations_on(page, axe_source)}
    context.close()
    assert found.get("label") == "critical"
