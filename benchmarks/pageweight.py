"""Page weight: bytes transferred and load time of the main pages in headless Chromium.

Run: ``.venv/bin/python benchmarks/pageweight.py [--build] [--target production|runserver] [--repeat 5]``

1. The database: PAGEWEIGHT_DATABASE_URL (default
   postgresql://postgres@127.0.0.1:5432/cppcc_pageweight); ``--build`` drops and makes it
   again with the demo network (benchmarks/load.py's ``build``).
2. The server, started by benchmarks/load.py's ``start``: by default the production one
   (collectstatic with CompressedManifestStaticFilesStorage, then gunicorn with
   DJANGO_ENV=production; WhiteNoise serves the hashed, pre-compressed static files, as
   nginx would serve the same collected folder), or ``--target runserver`` (./dev's way).
3. Headless Chromium (/usr/bin/chromium, through playwright), one signed-in session per
   demo role (Django's test Client, as load.py makes them). For every page:
   - cold: a new browser context (empty cache), --repeat times;
   - warm: the same context navigating to the page again (a link followed, not a reload),
     --repeat times.
   Bytes are what came over the wire (Chromium's ``encodedDataLength``, headers included),
   ECharts too, which a chart page fetches after its load event; "load" is the navigation's
   start to the end of its load event (the page's own scripts run, its layout done);
   "charts" is the navigation's start to the performance mark "charts-drawn" that
   ui/charts.js sets once every chart of the page is on its canvas (ECharts fetched,
   compiled and drawn, without animation), so the time a chart takes is printed, not
   hidden behind the load event; "server" is the document's request to its first byte
   (the server's share of it). Medians are printed.
4. Goals (issue 15): at most 150 KB for a page without charts, 400 KB with charts, every
   page loaded under 300 ms. A line over a goal is marked with "!".
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402  (the production server helpers)

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/cppcc_pageweight"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# (committee host, demo account, path, draws charts)
PAGES = [
    ("ziyang", "ziyang_admin", "/", True),
    ("ziyang", "ziyang_admin", "/structure/units/", False),
    ("ziyang", "ziyang_admin", "/structure/members/", False),
    ("ziyang", "ziyang_admin", "/programmes/", False),
    ("ziyang", "ziyang_admin", "/programmes/showcase/", True),
    ("ziyang", "ziyang_admin", "/golden-ideas/", False),
    ("ziyang", "ziyang_admin", "/materials/", False),
    ("ziyang", "ziyang_admin", "/search/?q=%E6%8F%90%E6%A1%88", False),
    ("ziyang", "ziyang_admin", "/benchmark/", True),
    ("ziyang", "ziyang_admin", "/benchmark/trends/", True),
    ("ziyang", "ziyang_admin", "/benchmark/catch-up/", True),
    ("ziyang", "ziyang_admin", "/reminders/", False),
    ("ziyang", "ziyang_admin", "/people/", False),
    ("ziyang", "ziyang_member", "/programmes/members/me/", False),
    ("sichuan", "sichuan_officer", "/network/", True),
]
GOAL_BYTES = {False: 150_000, True: 400_000}
GOAL_MS = 300


def session_cookies(database_url: str, usernames: set[str]) -> dict[str, tuple[str, str]]:
    """username -> (cookie name, value), made with Django's test Client under the servers' key."""
    os.environ.update(load.base_env(database_url))
    os.environ["DJANGO_ENV"] = "demo"
    sys.path[:0] = [str(load.ROOT / "platform"), str(load.ROOT)]
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    cookies = {}
    for username in sorted(usernames):
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookies[username] = (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    connection.close()
    return cookies


class Meter:
    """One browser context (one cache) signed in as one account, counting bytes per navigation."""

    def __init__(self, browser, host: str, port: int, cookie: tuple[str, str]):
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768},
                                           extra_http_headers={"X-Forwarded-Proto": "https"})
        self.context.add_cookies([{"name": cookie[0], "value": cookie[1], "domain": host, "path": "/"}])
        self.page = self.context.new_page()
        self.base = f"http://{host}:{port}"
        self.received = 0
        self.statuses: list[int] = []
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.responseReceived", lambda e: self.statuses.append(e["response"]["status"]))

    def _finished(self, event) -> None:
        self.received += event["encodedDataLength"]

    def visit(self, path: str, charts: bool) -> tuple[int, float, float | None, float, int]:
        """(bytes, load ms, charts drawn ms or None, server ms, document status) of one navigation."""
        self.received, self.statuses = 0, []
        response = self.page.goto(self.base + path, wait_until="load")
        self.page.wait_for_function(
            "() => { const n = performance.getEntriesByType('navigation')[0]; return n && n.loadEventEnd > 0; }")
        drawn = None
        if charts and response.status == 200:
            self.page.wait_for_function("() => performance.getEntriesByName('charts-drawn').length > 0")
            drawn = self.page.evaluate("() => performance.getEntriesByName('charts-drawn')[0].startTime")
        ms, server = self.page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return [n.loadEventEnd - n.startTime, n.responseStart - n.requestStart]; }")
        self.page.wait_for_load_state("networkidle")  # late requests (ECharts after load) still counted
        return self.received, ms, drawn, server, response.status

    def close(self) -> None:
        self.context.close()


def median_or_none(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ms_or_dash(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def measure(browser, port: int, cookies: dict, repeat: int) -> list[dict]:
    rows = []
    for host, username, path, charts in PAGES:
        host_name = f"{host}.localhost"
        cold_bytes, cold_ms, warm_bytes, warm_ms, server_ms, status = [], [], [], [], [], None
        cold_drawn, warm_drawn = [], []
        for _ in range(repeat):
            meter = Meter(browser, host_name, port, cookies[username])
            b, ms, drawn, server, status = meter.visit(path, charts)
            cold_bytes.append(b)
            cold_ms.append(ms)
            cold_drawn.append(drawn)
            server_ms.append(server)
            for _ in range(repeat):
                b, ms, drawn, server, _ = meter.visit(path, charts)
                warm_bytes.append(b)
                warm_ms.append(ms)
                warm_drawn.append(drawn)
                server_ms.append(server)
            meter.close()
        rows.append({"page": f"{host} {path}", "user": username, "charts": charts, "status": status,
                     "cold_kb": statistics.median(cold_bytes) / 1000, "cold_ms": statistics.median(cold_ms),
                     "cold_drawn": median_or_none(cold_drawn),
                     "warm_kb": statistics.median(warm_bytes) / 1000, "warm_ms": statistics.median(warm_ms),
                     "warm_drawn": median_or_none(warm_drawn),
                     "server_ms": statistics.median(server_ms)})
    return rows


def report(rows: list[dict]) -> None:
    print(f"{'page':42} {'account':16} {'cold KB':>8} {'cold ms':>8} {'charts':>7} "
          f"{'warm KB':>8} {'warm ms':>8} {'charts':>7} {'server':>7}")
    for r in rows:
        over = (r["cold_kb"] * 1000 > GOAL_BYTES[r["charts"]] or r["cold_ms"] > GOAL_MS
                or r["warm_ms"] > GOAL_MS or r["status"] != 200)
        print(f"{r['page'][:42]:42} {r['user']:16} "
              f"{r['cold_kb']:8.1f} {r['cold_ms']:8.0f} {ms_or_dash(r['cold_drawn']):>7} "
              f"{r['warm_kb']:8.1f} {r['warm_ms']:8.0f} {ms_or_dash(r['warm_drawn']):>7} {r['server_ms']:7.0f}"
              f"{'  !' if over else ''}{'' if r['status'] == 200 else '  HTTP ' + str(r['status'])}")
    for charts in (False, True):
        some = [r for r in rows if r["charts"] == charts]
        if some:
            print(f"{'with' if charts else 'without'} charts: cold max {max(r['cold_kb'] for r in some):.1f} KB "
                  f"(goal {GOAL_BYTES[charts] // 1000}), slowest cold {max(r['cold_ms'] for r in some):.0f} ms, "
                  f"slowest warm {max(r['warm_ms'] for r in some):.0f} ms (goal {GOAL_MS})"
                  + (f"; charts drawn: slowest cold {max(r['cold_drawn'] or 0 for r in some):.0f} ms, "
                     f"slowest warm {max(r['warm_drawn'] or 0 for r in some):.0f} ms" if charts else ""))
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="drop and build the database with the demo network")
    parser.add_argument("--target", choices=["production", "runserver"], default="production")
    parser.add_argument("--repeat", type=int, default=5, help="cold loads per page, and warm loads after each")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    database_url = os.environ.get("PAGEWEIGHT_DATABASE_URL", DEFAULT_URL)
    if args.build:
        load.build(database_url)
    cookies = session_cookies(database_url, {username for _, username, _, _ in PAGES})
    port = load.free_port()
    server = load.start(args.target, database_url, port, args)
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for host, username, path, _ in PAGES[:1]:  # warm the server's own caches once
                meter = Meter(browser, f"{host}.localhost", port, cookies[username])
                meter.visit(path, False)
                meter.close()
            rows = measure(browser, port, cookies, args.repeat)
            browser.close()
    finally:
        load.stop(server)
    print(f"target: {args.target}; medians of {args.repeat} cold and {args.repeat * args.repeat} warm loads "
          f"per page; 1366x768, Chromium headless; ms from the navigation's start to its load event "
          f"and to \"charts-drawn\" (— : no chart)")
    report(rows)


if __name__ == "__main__":
    main()
