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
5. Reference lines, loaded the same way (a new context each cold load) from a small static
   server of this script (one HTTP/1.1 connection, the collected .gz files as nginx's
   gzip_static would send them): "blank" (no CSS, no script, one English word), "text"
   (the same with a line of Chinese: the CJK font's first use in a renderer), "assets"
   (that line with the four static files every page names, in base.html's order), and
   "copy of /reminders/" (that page's HTML as the server sent it, served as a file: the
   page without its server time). The floor of a cold load here is "blank"; what a page
   adds is its line minus that.
6. ``--nginx``: nginx (``apt-get install nginx-light``) in front of gunicorn, as
   deploy/nginx/cppcc.conf places it: the collected static files from nginx (gzip_static,
   keep-alive), everything else proxied with its Host header. Without it WhiteNoise serves
   the static files from the same gunicorn workers as the pages.
7. ``--phases``: for the cold loads, the median time from the navigation's start to its
   request, first byte, last byte, DOM interactive, DOMContentLoaded's end, the last
   static file's end and the load event's end, and Performance.getMetrics' layout, style
   and script durations (where a cold load's time goes).
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import re
import statistics
import sys
import threading
import urllib.request
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
BASE_ASSETS = ["vendor/pico.min.css", "ui/app.css", "vendor/htmx.min.js", "ui/app.js"]  # base.html's order
COPIED_PAGE = ("ziyang", "ziyang_admin", "/reminders/")
REFERENCE = [("reference", "-", "/blank", False), ("reference", "-", "/text", False),
             ("reference", "-", "/assets", False), ("reference", "-", "/copy", False)]
PHASES = ["request", "first byte", "last byte", "interactive", "DCL end", "static end", "load end",
          "layout", "style", "script"]


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
        cdp = self.cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.send("Performance.enable")
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.responseReceived", lambda e: self.statuses.append(e["response"]["status"]))

    def _finished(self, event) -> None:
        self.received += event["encodedDataLength"]

    def visit(self, path: str, charts: bool) -> tuple[int, float, float | None, float, int]:
        """(bytes, load ms, charts drawn ms or None, server ms, document status) of one navigation."""
        self.received, self.statuses = 0, []
        url = path if path.startswith("http") else self.base + path
        response = self.page.goto(url, wait_until="load")
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

    def phases(self) -> list[float]:
        """The last navigation's PHASES (ms from its start; the last three: durations)."""
        timing = self.page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " const s = performance.getEntriesByType('resource').filter(r => r.initiatorType === 'link'"
            "   || r.initiatorType === 'script').map(r => r.responseEnd);"
            " return [n.requestStart, n.responseStart, n.responseEnd, n.domInteractive,"
            "   n.domContentLoadedEventEnd, s.length ? Math.max(...s) : 0, n.loadEventEnd]"
            "   .map(t => t - n.startTime); }")
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return timing + [1000 * metrics.get(name, 0)
                         for name in ("LayoutDuration", "RecalcStyleDuration", "ScriptDuration")]

    def close(self) -> None:
        self.context.close()


def median_or_none(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ms_or_dash(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


class ReferenceHandler(http.server.BaseHTTPRequestHandler):
    """The reference pages, and the collected static files as a static server sends them."""
    protocol_version = "HTTP/1.1"  # one kept-alive connection, as a browser keeps to nginx
    pages: dict[str, bytes] = {}
    static_root: Path = Path()
    types = {".css": "text/css", ".js": "text/javascript"}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        headers = {}
        if self.path in self.pages:
            body, headers["Content-Type"] = self.pages[self.path], "text/html; charset=utf-8"
        elif self.path.startswith("/static/") and (self.static_root / (self.path[8:] + ".gz")).is_file():
            body = (self.static_root / (self.path[8:] + ".gz")).read_bytes()
            headers = {"Content-Type": self.types.get(Path(self.path).suffix, "application/octet-stream"),
                       "Content-Encoding": "gzip", "Cache-Control": "max-age=315360000, public, immutable"}
        else:
            body = b"not found"
            self.send_response(404)
        if headers:
            self.send_response(200)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def reference_pages(port: int, cookies: dict) -> dict[str, bytes]:
    """path -> HTML of the reference lines (see the module's docstring, 5)."""
    manifest = json.loads((load.ROOT / ".var" / "static_root" / "staticfiles.json").read_text())["paths"]
    text = "<p>委员履职 提案办理 协商议政 比学赶超 共同提高</p>"
    links = "".join(f'<link rel="stylesheet" href="/static/{manifest[a]}">' if a.endswith(".css")
                    else f'<script src="/static/{manifest[a]}" defer></script>' for a in BASE_ASSETS)
    head = '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>reference</title>'
    host, username, path = COPIED_PAGE
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={
        "Host": f"{host}.localhost", "X-Forwarded-Proto": "https", "Cookie": "=".join(cookies[username])})
    with urllib.request.urlopen(request) as response:
        copy = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            copy = gzip.decompress(copy)
    return {"/blank": f"{head}</head><body><p>blank</p></body></html>".encode(),
            "/text": f"{head}</head><body>{text}</body></html>".encode(),
            "/assets": f"{head}{links}</head><body>{text}</body></html>".encode(),
            "/copy": re.sub(rb'(src|href)="/(?!static/)', rb'\1="/x/', copy)}  # its links go nowhere


def start_reference(port: int, cookies: dict) -> tuple[http.server.ThreadingHTTPServer, int]:
    ReferenceHandler.pages = reference_pages(port, cookies)
    ReferenceHandler.static_root = load.ROOT / ".var" / "static_root"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ReferenceHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def measure(browser, port: int, cookies: dict, repeat: int, pages=None, phases=None) -> list[dict]:
    """One row per page; `phases`, if a dict, gets the cold loads' PHASES medians per page."""
    rows = []
    for host, username, path, charts in pages or PAGES:
        host_name = f"{host}.localhost"
        cold_bytes, cold_ms, warm_bytes, warm_ms, server_ms, status = [], [], [], [], [], None
        cold_drawn, warm_drawn, cold_phases = [], [], []
        for _ in range(repeat):
            meter = Meter(browser, host_name, port, cookies.get(username, ("none", "none")))
            b, ms, drawn, server, status = meter.visit(path, charts)
            if phases is not None:
                cold_phases.append(meter.phases())
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
        if phases is not None:
            phases[f"{host} {path}"] = [statistics.median(p[i] for p in cold_phases) for i in range(len(PHASES))]
        rows.append({"page": f"{host} {path}", "user": username, "charts": charts, "status": status,
                     "cold_kb": statistics.median(cold_bytes) / 1000, "cold_ms": statistics.median(cold_ms),
                     "cold_drawn": median_or_none(cold_drawn),
                     "warm_kb": statistics.median(warm_bytes) / 1000, "warm_ms": statistics.median(warm_ms),
                     "warm_drawn": median_or_none(warm_drawn),
                     "server_ms": statistics.median(server_ms)})
    return rows


def report(rows: list[dict], references: list[dict], phases: dict) -> None:
    if phases:
        print("cold loads, medians, ms from the navigation's start: " + ", ".join(PHASES[:7])
              + "; then Performance.getMetrics' " + ", ".join(PHASES[7:]) + " durations")
        for page, values in phases.items():
            print(f"  {page[:40]:40} " + " ".join(f"{v:6.0f}" for v in values))
    print(f"{'page':42} {'account':16} {'cold KB':>8} {'cold ms':>8} {'charts':>7} "
          f"{'warm KB':>8} {'warm ms':>8} {'charts':>7} {'server':>7}")
    for r in rows:
        over = (r["cold_kb"] * 1000 > GOAL_BYTES[r["charts"]] or r["cold_ms"] > GOAL_MS
                or r["warm_ms"] > GOAL_MS or r["status"] != 200)
        print(f"{r['page'][:42]:42} {r['user']:16} "
              f"{r['cold_kb']:8.1f} {r['cold_ms']:8.0f} {ms_or_dash(r['cold_drawn']):>7} "
              f"{r['warm_kb']:8.1f} {r['warm_ms']:8.0f} {ms_or_dash(r['warm_drawn']):>7} {r['server_ms']:7.0f}"
              f"{'  !' if over else ''}{'' if r['status'] == 200 else '  HTTP ' + str(r['status'])}")
    for r in references:
        print(f"{r['page'][:42]:42} {'(reference)':16} {r['cold_kb']:8.1f} {r['cold_ms']:8.0f} {'—':>7} "
              f"{r['warm_kb']:8.1f} {r['warm_ms']:8.0f} {'—':>7} {r['server_ms']:7.0f}")
    floor = next((r["cold_ms"] for r in references if r["page"].endswith("/blank")), None)
    if floor is not None:
        print(f"reference: a blank page takes {floor:.0f} ms cold here (a new context's floor); "
              f"a page adds its cold ms minus that")
    for charts in (False, True):
        some = [r for r in rows if r["charts"] == charts]
        if some:
            print(f"{'with' if charts else 'without'} charts: cold max {max(r['cold_kb'] for r in some):.1f} KB "
                  f"(goal {GOAL_BYTES[charts] // 1000}), slowest cold {max(r['cold_ms'] for r in some):.0f} ms, "
                  f"slowest warm {max(r['warm_ms'] for r in some):.0f} ms (goal {GOAL_MS})"
                  + (f"; charts drawn: slowest cold {max(r['cold_drawn'] or 0 for r in some):.0f} ms, "
                     f"slowest warm {max(r['warm_drawn'] or 0 for r in some):.0f} ms" if charts else ""))
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


NGINX_CONF = """daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    keepalive_timeout 65;
    upstream app {{ server 127.0.0.1:{app_port}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{port};
        location /static/ {{
            alias {static}/;
            gzip_static on;
            gzip_vary on;
            expires 30d;
            add_header Cache-Control "public" always;
        }}
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto http;
        }}
    }}
}}
"""


def start_nginx(app_port: int):
    """nginx on a free port in front of the app (``--nginx``): (process, port)."""
    import shutil
    import subprocess
    import tempfile

    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        sys.exit("--nginx: no nginx installed (apt-get install nginx-light)")
    root = Path(tempfile.mkdtemp(prefix="pageweight-nginx-"))
    port = load.free_port()
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(root=root, app_port=app_port, port=port,
                                      static=load.ROOT / ".var" / "static_root"))
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(root)])
    for _ in range(100):  # until it answers, through to the app
        if process.poll() is not None:
            sys.exit(f"--nginx: nginx stopped; see {root}/error.log")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except Exception:
            threading.Event().wait(0.1)
    return process, port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="drop and build the database with the demo network")
    parser.add_argument("--target", choices=["production", "runserver"], default="production")
    parser.add_argument("--repeat", type=int, default=5, help="cold loads per page, and warm loads after each")
    parser.add_argument("--phases", action="store_true", help="print where the cold loads' time goes")
    parser.add_argument("--no-reference", action="store_true", help="leave out the reference lines")
    parser.add_argument("--only", default=None, help="only the pages whose path contains this")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--nginx", action="store_true", help="nginx in front, serving the static files")
    args = parser.parse_args()
    database_url = os.environ.get("PAGEWEIGHT_DATABASE_URL", DEFAULT_URL)
    if args.build:
        load.build(database_url)
    cookies = session_cookies(database_url, {username for _, username, _, _ in PAGES})
    port = load.free_port()
    server = load.start(args.target, database_url, port, args)
    nginx = None
    app_port = port
    try:
        if args.nginx:
            nginx, port = start_nginx(app_port)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for host, username, path, _ in PAGES[:1]:  # warm the server's own caches once
                meter = Meter(browser, f"{host}.localhost", port, cookies[username])
                meter.visit(path, False)
                meter.close()
            phases = {} if args.phases else None
            pages = [p for p in PAGES if args.only is None or args.only in p[2]]
            rows = measure(browser, port, cookies, args.repeat, pages, phases)
            references = []
            if not args.no_reference:
                reference, reference_port = start_reference(app_port, cookies)
                references = measure(browser, reference_port, {}, args.repeat, REFERENCE, phases)
                reference.shutdown()
            browser.close()
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        load.stop(server)
    print(f"target: {args.target}{' behind nginx' if args.nginx else ''}; medians of {args.repeat} cold and {args.repeat * args.repeat} warm loads "
          f"per page; 1366x768, Chromium headless; ms from the navigation's start to its load event "
          f"and to \"charts-drawn\" (— : no chart)")
    report(rows, references, phases)


if __name__ == "__main__":
    main()
