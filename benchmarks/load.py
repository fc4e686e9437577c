"""Load: the production server (gunicorn, as the image runs it) against runserver, same run.

Run: ``.venv/bin/python benchmarks/load.py [--build] [--seconds 20] [--clients 8]``

1. The database: LOAD_DATABASE_URL (default
   postgresql://postgres@127.0.0.1:5432/cppcc_load_bench). ``--build`` drops and
   makes it again with the demo network (`migrate_schemas --shared`, then
   `manage.py demo_network`); without it, an existing one is used as it is.
2. One session per client for ``ziyang_admin`` (资阳市政协's 管理员), made with
   Django's test Client (force_login) under the same secret key the servers get.
3. Both targets, each on its own loopback port:
   - production: collectstatic (as the image build does), then ``gunicorn config.wsgi:application --config python:config.gunicorn``
     with DJANGO_ENV=production, DJANGO_DEBUG=0, a secret key,
     DJANGO_SECURE_SSL_REDIRECT=0, DJANGO_ALLOWED_HOSTS=.localhost and the requests
     carrying X-Forwarded-Proto: https, as nginx sends them;
   - runserver: ``manage.py runserver --noreload`` with DJANGO_ENV=demo and, as ``./dev demo``
     runs it, DATABASE_CONN_MAX_AGE=0 unless the environment sets it (./dev's way).
   After a warm-up, each page is driven by --clients concurrent clients (threads,
   keep-alive HTTP/1.1 where the server keeps the connection) for --seconds per
   target, in --rounds slices the two targets take in turn (A B B A …), so that the
   machine's other work falls on both alike:
   the dashboard ``/``, the search API ``/api/search/?q=…`` and the league table
   ``/benchmark/``, all on ziyang.localhost and signed in.
4. Prints requests/s, p50/p95/max latency (ms) and errors (not 200, or a failed
   connection) per target and page, with the mean 1-minute load average at the end
   of its slices (the client threads run on the same cores as the servers).

``--client wrk`` drives the pages with wrk (Debian's ``wrk`` package, C, epoll) instead of
the Python threads: 8 keep-alive connections on one wrk thread, so the load generator
takes a few per cent of a core rather than a third of one, and what is measured is the
servers. Its percentiles come from wrk's own histogram (a Lua ``done`` hook prints them).

``--soak SECONDS`` drives the production server alone for that long (the three pages in
turn, 30 s each, with wrk when ``--client wrk``), and samples the resident memory of the
gunicorn master and each worker between slices (from /proc): the table shows whether memory
stays flat (workers are recycled after max-requests with jitter, see
platform/config/gunicorn.py, so a worker's pid changes when it is).

``--redis URL`` gives both servers the same Redis (REDIS_URL: the shared cache, the broker), as
deploy/docker-compose.yml runs the platform; without it each process has its own memory
cache, and the per-person page caches (operations.freshness) are off.

``--workers N`` / ``--threads N`` set WEB_CONCURRENCY / GUNICORN_THREADS for the
production server (default: platform/config/gunicorn.py's choice).
``--only production`` measures one target.
"""
from __future__ import annotations

import argparse
import http.client
import json
import shutil
import tempfile
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/cppcc_load_bench"
HOST = "ziyang.localhost"
USERNAME = "ziyang_admin"
PAGES = {
    "dashboard": "/",
    "search API": "/api/search/?q=%E6%8F%90%E6%A1%88",  # q=提案
    "league table": "/benchmark/",
}
SECRET_KEY = "load-benchmark-" + secrets.token_hex(24)


def base_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("REDIS_URL", "ELASTICSEARCH_URL", "PYTEST_VERSION", "DJANGO_SETTINGS_MODULE")}
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": f"{ROOT / 'platform'}{os.pathsep}{ROOT}",
    })
    return env


def build(database_url: str) -> None:
    import psycopg

    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    maintenance = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**base_env(database_url), "DJANGO_ENV": "demo"}
    for command in (["migrate_schemas", "--shared", "--verbosity", "0"], ["demo_network"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)


def sessions(database_url: str, count: int) -> list[str]:
    """Cookie headers of `count` sessions of USERNAME, made with Django's test tools."""
    os.environ.update(base_env(database_url))
    os.environ["DJANGO_ENV"] = "demo"
    sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    user = User.objects.get(username=USERNAME)
    cookies = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    connection.close()
    return cookies


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(target: str, database_url: str, port: int, args) -> subprocess.Popen:
    env = base_env(database_url)
    if getattr(args, "redis", None):  # both servers alike: the shared cache (and broker) compose gives
        env["REDIS_URL"] = args.redis
    if target == "production":
        # As the image is built: the hashed static files (manifest) the pages name.
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                       cwd=ROOT, env={**env, "DJANGO_ENV": "production"}, check=True)
        env.update({"DJANGO_ENV": "production", "DJANGO_SECURE_SSL_REDIRECT": "0",
                    "DJANGO_ALLOWED_HOSTS": ".localhost,localhost,127.0.0.1",
                    "GUNICORN_BIND": f"127.0.0.1:{port}",
                    "GUNICORN_CMD_ARGS": "--access-logfile=/dev/null"})
        if args.workers:
            env["WEB_CONCURRENCY"] = str(args.workers)
        if args.threads:
            env["GUNICORN_THREADS"] = str(args.threads)
        command = [str(Path(PYTHON).with_name("gunicorn")), "config.wsgi:application",
                   "--config", "python:config.gunicorn"]
    else:
        env["DJANGO_ENV"] = "demo"
        # As ./dev demo runs it: a connection per request unless DATABASE_CONN_MAX_AGE is set
        # (runserver's threads would otherwise each keep one; see ./dev).
        env["DATABASE_CONN_MAX_AGE"] = os.environ.get("DATABASE_CONN_MAX_AGE", "0")
        command = [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    log = open(ROOT / ".var" / f"load-{target}.log", "w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{target} exited: see .var/load-{target}.log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop(process)
    raise SystemExit(f"{target} did not answer /healthz within 60 s")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Client:
    """One keep-alive HTTP/1.1 connection; opened again when the server closes it."""

    def __init__(self, port: int, cookie: str):
        self.port, self.cookie, self.conn = port, cookie, None

    def get(self, path: str) -> int:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request("GET", path, headers={
                    "Host": HOST, "Cookie": self.cookie, "X-Forwarded-Proto": "https",
                    "Accept": "text/html,application/json"})
                response = self.conn.getresponse()
                response.read()
                if response.will_close:
                    self.conn.close()
                    self.conn = None
                return response.status
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # a kept-alive connection the server closed while idle: once more on a new one
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def drive(port: int, cookies: list[str], path: str, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start_at = threading.Barrier(len(cookies) + 1)
    stop_at = [0.0]

    def client(cookie: str) -> None:
        c = Client(port, cookie)
        mine, bad = [], 0
        start_at.wait()
        while time.perf_counter() < stop_at[0]:
            t0 = time.perf_counter()
            try:
                ok = c.get(path) == 200
            except OSError:
                ok = False
                c.conn = None
            mine.append(time.perf_counter() - t0)
            bad += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(cookie,)) for cookie in cookies]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    stop_at[0] = t0 + seconds
    start_at.wait()
    for t in threads:
        t.join()
    return {"latencies": latencies, "errors": errors[0], "elapsed": time.perf_counter() - t0,
            "load": [os.getloadavg()[0]]}


WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write("WRK_JSON " .. string.format(
    '{"requests": %d, "elapsed_us": %d, "p50": %d, "p95": %d, "max": %d, "errors": %d, "status": %d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.max, e.connect + e.read + e.write + e.timeout, e.status) .. "\\n")
end
"""


def drive_wrk(port: int, cookies: list[str], path: str, seconds: float) -> dict:
    """One wrk run: len(cookies) connections on one thread, one session cookie for all."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{len(cookies)}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
             "-s", script.name, "-H", f"Host: {HOST}", "-H", f"Cookie: {cookies[0]}",
             "-H", "X-Forwarded-Proto: https", "-H", "Accept: text/html,application/json",
             f"http://127.0.0.1:{port}{path}"],
            capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(x for x in out.splitlines() if x.startswith("WRK_JSON "))
    r = json.loads(line[len("WRK_JSON "):])
    return {"wrk": r, "errors": r["errors"] + r["status"], "elapsed": r["elapsed_us"] / 1e6,
            "load": [os.getloadavg()[0]]}


def summary(slices: list[dict]) -> dict:
    if slices and "wrk" in slices[0]:
        # wrk's histograms are not merged: the slices' percentiles are weighted by requests
        total = sum(s["wrk"]["requests"] for s in slices)
        weighted = lambda key: sum(s["wrk"][key] * s["wrk"]["requests"] for s in slices) / max(total, 1) / 1000
        loads = [x for s in slices for x in s["load"]]
        return {"requests": total, "rps": total / sum(s["elapsed"] for s in slices),
                "p50": weighted("p50"), "p95": weighted("p95"),
                "max": max(s["wrk"]["max"] for s in slices) / 1000,
                "errors": sum(s["errors"] for s in slices), "load": sum(loads) / len(loads)}
    latencies = sorted(x for s in slices for x in s["latencies"])
    elapsed = sum(s["elapsed"] for s in slices)
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    loads = [x for s in slices for x in s["load"]]
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": q[49] * 1000,
            "p95": q[94] * 1000, "max": latencies[-1] * 1000, "errors": sum(s["errors"] for s in slices),
            "load": sum(loads) / len(loads)}


def warm_up(target: str, port: int, cookie: str) -> None:
    warm = Client(port, cookie)
    for path in PAGES.values():
        for _ in range(5):
            status = warm.get(path)
            if status != 200:
                raise SystemExit(f"{target} {path}: HTTP {status} (see .var/load-{target}.log)")


def measure(targets: list[str], database_url: str, cookies: list[str], args) -> dict:
    """Both servers up at once; each page is driven in --rounds slices taken in turn by
    the targets, so the machine's other work weighs on both alike."""
    ports, processes = {}, {}
    try:
        for target in targets:
            ports[target] = free_port()
            processes[target] = start(target, database_url, ports[target], args)
            warm_up(target, ports[target], cookies[0])
        slices = {target: {page: [] for page in PAGES} for target in targets}
        for page, path in PAGES.items():
            for round_ in range(args.rounds):
                order = targets if round_ % 2 == 0 else targets[::-1]
                for target in order:
                    slices[target][page].append(
                        DRIVERS[args.client](ports[target], cookies, path, args.seconds / args.rounds))
        return {target: {page: summary(s) for page, s in pages.items()} for target, pages in slices.items()}
    finally:
        for process in processes.values():
            stop(process)


DRIVERS = {"python": drive, "wrk": drive_wrk}


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def gunicorn_processes(master: int) -> dict[int, int]:
    """pid → resident KiB for the master and its children (the workers)."""
    found = {master: rss_kib(master)}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int(next(x for x in (entry / "status").read_text().splitlines()
                                if x.startswith("PPid:")).split()[1])
            except (OSError, StopIteration):
                continue
            if ppid == master:
                found[int(entry.name)] = rss_kib(int(entry.name))
    return found


def soak(database_url: str, cookies: list[str], args) -> None:
    port = free_port()
    process = start("production", database_url, port, args)
    try:
        warm_up("production", port, cookies[0])
        started = time.monotonic()
        print(f"soak: production alone, {args.soak:g} s, pages in turn, {args.client} client", flush=True)
        print(f"{'t s':>6} {'page':<13} {'req/s':>7} {'p95 ms':>7} {'errors':>6} {'load':>5}  "
              f"master MiB  workers MiB (pid)", flush=True)
        pages = list(PAGES.items())
        total_requests = total_errors = 0
        seen_workers: set[int] = set()
        i = 0
        while time.monotonic() - started < args.soak:
            page, path = pages[i % len(pages)]
            i += 1
            r = summary([DRIVERS[args.client](port, cookies, path, min(30.0, args.soak))])
            total_requests += r["requests"]
            total_errors += r["errors"]
            procs = gunicorn_processes(process.pid)
            workers = {pid: kib for pid, kib in procs.items() if pid != process.pid}
            seen_workers |= set(workers)
            print(f"{time.monotonic() - started:6.0f} {page:<13} {r['rps']:7.1f} {r['p95']:7.1f} "
                  f"{r['errors']:6d} {os.getloadavg()[0]:5.2f}  {procs[process.pid] / 1024:10.1f}  "
                  + "  ".join(f"{kib / 1024:.1f} ({pid})" for pid, kib in sorted(workers.items())),
                  flush=True)
        print(f"soak: {total_requests} requests, {total_errors} errors, "
              f"{len(seen_workers)} worker pids seen", flush=True)
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="drop and make the demo database again")
    parser.add_argument("--seconds", type=float, default=20.0, help="per target and page")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=4, help="slices per page, alternating the targets")
    parser.add_argument("--workers", type=int, default=0, help="WEB_CONCURRENCY for gunicorn")
    parser.add_argument("--threads", type=int, default=0, help="GUNICORN_THREADS for gunicorn")
    parser.add_argument("--only", choices=("production", "runserver"))
    parser.add_argument("--redis", metavar="URL", default="",
                        help="REDIS_URL for both servers (cache and broker, as compose runs them); "
                             "default none: per-process memory caches, tasks in-process")
    parser.add_argument("--client", choices=sorted(DRIVERS), default="python",
                        help="load generator: Python threads, or wrk (apt install wrk)")
    parser.add_argument("--soak", type=float, default=0, help="seconds of production alone, memory sampled")
    args = parser.parse_args()
    if args.client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk), or use --client python")
    database_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_URL)
    (ROOT / ".var").mkdir(exist_ok=True)
    if args.build:
        build(database_url)
    cookies = sessions(database_url, args.clients)
    if args.soak:
        soak(database_url, cookies, args)
        return
    targets = [args.only] if args.only else ["production", "runserver"]
    print(f"{args.clients} clients, {args.seconds:g} s per page, {os.cpu_count()} cores, "
          f"load average at start {os.getloadavg()[0]:.2f}", flush=True)
    results = measure(targets, database_url, cookies, args)
    for target in targets:
        for page, r in results[target].items():
            print(f"{target:<11} {page:<13} {r['rps']:7.1f} req/s  p50 {r['p50']:6.1f} ms  "
                  f"p95 {r['p95']:6.1f} ms  max {r['max']:7.1f} ms  errors {r['errors']}  "
                  f"({r['requests']} requests, mean load {r['load']:.2f})", flush=True)
    if len(results) == 2:
        for page in PAGES:
            ratio = results["production"][page]["rps"] / max(results["runserver"][page]["rps"], 1e-9)
            print(f"production / runserver, {page}: {ratio:.2f}×")


if __name__ == "__main__":
    main()
