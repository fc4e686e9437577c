"""No page is wider than the screen, on a phone (375 x 812) or an office PC (1366 x 768).

Every demo role signs in and visits every page it can reach by clicking (see
every_page.py). Each page is loaded at phone size, checked, widened to 1366 px and
checked again (the layout, tables and charts must follow a resize too). A page fails
when the document scrolls sideways; the failure names the page and the element
that sticks out the furthest, so the fix can start there.
"""
import os
import time

import pytest

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.browser.every_page import DEMO_ROLES, set_language, sign_in, walk

WIDTHS = ((375, 812), (1366, 768))

# The element sticking out furthest past the window's right edge: elements inside a
# box that scrolls or clips sideways (a table's .table-scroll) do not count.
WIDEST = """() => {
  const limit = window.innerWidth;
  const clips = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o !== 'visible') return true;
    }
    return false;
  };
  let worst = null, right = limit;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > right + 0.5 && r.width > 0 && !clips(el)) { worst = el; right = r.right; }
  }
  if (!worst) return null;
  const name = worst.tagName.toLowerCase() + (worst.id ? '#' + worst.id : '') +
    [...worst.classList].map(c => '.' + c).join('');
  const text = (worst.innerText || worst.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return name + ' "' + text + '" reaches ' + Math.round(right) + ' px';
}"""
OVERFLOW = "() => document.scrollingElement.scrollWidth - window.innerWidth"


def overflow_at(page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(60)  # a resize handler (charts) runs after the event
    over = page.evaluate(OVERFLOW)
    return (over, page.evaluate(WIDEST)) if over > 0 else None


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


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_page_of_any_role_is_wider_than_the_window(browser, live_site, language):
    problems, pages, started = [], 0, time.perf_counter()
    for role in DEMO_ROLES:
        base = live_site(role.slug)
        context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        set_language(context, base, language)
        sign_in(page, base, role.username)
        for visit in walk(page, base, cap=30):
            pages += 1
            assert visit.status == 200, f"{role} {visit.url}: status {visit.status}"
            for width, height in WIDTHS:
                found = overflow_at(page, width, height)
                if found:
                    problems.append(f"{role} {width}px {visit.url}: {found[0]} px too wide; {found[1]}")
            page.set_viewport_size({"width": 375, "height": 812})
        context.close()
    print(f"{language}: {pages} pages of {len(DEMO_ROLES)} roles at {len(WIDTHS)} sizes in {time.perf_counter() - started:.0f} s")
    assert pages > len(DEMO_ROLES) * 3, f"the walk found only {pages} pages"
    assert not problems, f"{len(problems)} of {pages} pages overflow:\n" + "\n".join(problems)


def test_the_showcase_prints_as_an_office_files_it(browser, live_site):
    """Printed, the showcase has no header or buttons, its tables fill the page and
    repeat their header row, and each section after the first starts a new page."""
    import re

    base = live_site("ziyang")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, base, "ziyang_admin")
    page.goto(base + "/programmes/showcase/", wait_until="load")
    assert page.locator("header.site-header").is_visible()
    screen_pages = page.pdf(format="A4")  # print media applies to the PDF
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert not page.locator("main form").first.is_visible()  # the year and quarter filter
    assert page.locator("main button:visible").count() == 0
    table = page.locator("#unit-table")
    assert table.evaluate("t => getComputedStyle(t.tHead).display") == "table-header-group"
    assert abs(table.bounding_box()["width"] - page.locator("main").bounding_box()["width"]) < 2
    breaks = page.eval_on_selector_all(".print-unit", "els => els.map(e => getComputedStyle(e).breakBefore)")
    assert breaks and set(breaks) == {"page"}
    pages = len(re.findall(rb"/Type\s*/Page[^s]", screen_pages))
    assert pages >= len(breaks) + 1, f"{pages} printed pages for {len(breaks) + 1} sections"
    context.close()
