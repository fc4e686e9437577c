"""Every page a demo role can reach, found the way a person finds them: by clicking.

A reusable crawler for browser tests that check something on every page (layout,
English text, accessibility). It signs in as a demo account, starts on the site's
home page and follows the links of the navigation and of each page, breadth first:
same host, GET links only (an <a href>), never sign-out, the language switch, the
Django admin, the API, downloads or exports, and never a form. Pages that differ only
by the numbers in their path or by their query string count as one page (one item
page stands for every item page), so a role's walk stays short.

    from tests.browser.every_page import DEMO_ROLES, sign_in, walk

    for role in DEMO_ROLES:
        context = browser.new_context(...)
        page = context.new_page()
        sign_in(page, live_site(role.slug), role.username)
        for visit in walk(page, live_site(role.slug)):
            ...  # the page is showing visit.url now: inspect it

`walk` is a generator: while the caller looks at a page, the page is still open
(`list_pages` collects the visits when only the list is wanted). Each visit has the
URL, the HTTP status and the pattern it stands for.
"""
from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

from demo.services import DEMO_PASSWORD, FULL_ACCOUNTS


@dataclass(frozen=True)
class DemoRole:
    slug: str | None  # the committee's site; None is the platform console (bare host)
    username: str

    def __str__(self) -> str:
        return f"{self.slug or 'console'}:{self.username}"


PROVINCES = ("sichuan", "zhejiang")
SUFFIXES = ("admin", "staff", "member", "viewer")

# Every demo account (platform.demo.services._accounts): each role of the committees
# with a full set of accounts, each provincial officer on the province's own site,
# and the platform operator on the console.
DEMO_ROLES: list[DemoRole] = [
    *(DemoRole(slug, f"{slug}_{suffix}") for slug in FULL_ACCOUNTS for suffix in SUFFIXES),
    *(DemoRole(province, f"{province}_officer") for province in PROVINCES),
    DemoRole(None, "operator"),
]

# Links a walk never follows: leaving the session or the language, pages that are not
# the project's layout (admin, API, Swagger), files, and anything that acts.
SKIP = re.compile(
    r"(/logout|/sso/|/i18n/|/admin/|/api/|/static/|/media/|/password-reset/"
    r"|download|export|\.xlsx|\.docx|\.pdf|\.csv|\.zip)",
    re.I,
)
DEFAULT_CAP = 40


@dataclass(frozen=True)
class Visit:
    url: str
    status: int
    pattern: str


def pattern_of(url: str) -> str:
    """The page a URL stands for: its path with every number replaced (no query string)."""
    return re.sub(r"\d+", "N", urlparse(url).path)


def sign_in(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in on the site at `base` through its sign-in form; fails if the form comes back."""
    page.goto(base + "/login/", wait_until="domcontentloaded")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_load_state("load")
    _through_sign_on_hops(page)
    if page.locator("input[name=password]").count():
        raise AssertionError(f"{username} could not sign in on {base}")


def _through_sign_on_hops(page, hops: int = 5) -> None:
    """Wait until the network's single sign-on has stopped hopping: each hop is a page whose
    meta refresh moves on to the next host, after its load event, so a later goto would be
    interrupted by it (more often on a loaded machine)."""
    for _ in range(hops):
        try:
            if not page.locator('meta[http-equiv="refresh"]').count():
                return
        except Exception:  # the hop's page went away while it was read: on to the next
            page.wait_for_load_state("load")
            continue
        here = page.url
        page.wait_for_url(lambda url: url != here, wait_until="load")


def set_language(context, base: str, language: str) -> None:
    """Choose the language of later pages on this site (the cookie the language switch sets)."""
    from django.conf import settings

    context.add_cookies([{
        "name": settings.LANGUAGE_COOKIE_NAME, "value": language,
        "domain": urlparse(base).hostname, "path": "/",
    }])


def links_on(page, base: str) -> list[str]:
    """The same-host GET links of the page showing now, in page order, without fragments."""
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"
    )
    host = urlparse(base).netloc
    found = []
    for href in hrefs:
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = urljoin(page.url, href).split("#")[0]
        if urlparse(url).netloc == host and not SKIP.search(urlparse(url).path + "?" + urlparse(url).query):
            found.append(url)
    return found


def walk(page, base: str, *, cap: int = DEFAULT_CAP,
         skip: Callable[[str], bool] | None = None) -> Iterator[Visit]:
    """Visit the pages reachable from `base` + '/', one per pattern, at most `cap` of them.

    The page is signed in already (see sign_in). Yields after each page has loaded;
    pages that answer with something other than HTML (a file) are left out.
    """
    queue, seen = deque([base + "/"]), set()
    visited = 0
    while queue and visited < cap:
        url = queue.popleft()
        pattern = pattern_of(url)
        if pattern in seen or (skip and skip(url)):
            continue
        seen.add(pattern)
        try:
            response = _goto(page, url)
        except Exception as error:  # a link that starts a download is a file, not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited += 1
        charts_drawn(page)
        yield Visit(url=page.url, status=response.status, pattern=pattern)
        queue.extend(link for link in links_on(page, base) if pattern_of(link) not in seen)


# True once the page's charts are on their canvases (ui/charts.js draws them after the
# load event and sets the mark), at once on a page without charts.
CHARTS_DRAWN = ("() => !document.querySelector('[data-chart]')"
                " || performance.getEntriesByName('charts-drawn').length > 0")


def charts_drawn(page) -> None:
    """Wait for the charts: a check of the page (layout, axe) then sees them drawn."""
    page.wait_for_function(CHARTS_DRAWN)


def _goto(page, url):
    """page.goto, once more when a navigation still under way (a sign-on hop) interrupts it."""
    try:
        return page.goto(url, wait_until="load")
    except Exception as error:
        if "interrupted by another navigation" not in str(error):
            raise
        page.wait_for_load_state("load")
        return page.goto(url, wait_until="load")


def list_pages(page, base: str, *, cap: int = DEFAULT_CAP) -> list[Visit]:
    """Every visit of a walk (see walk), when only the list is wanted."""
    return list(walk(page, base, cap=cap))
