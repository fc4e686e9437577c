"""gunicorn's configuration, the one file the image, compose and Kubernetes run with:

    gunicorn config.wsgi:application --config python:config.gunicorn

| variable | default | meaning |
|---|---|---|
| WEB_CONCURRENCY | cores + 1, at most 12 | worker processes |
| GUNICORN_THREADS | 1 | threads per worker (>1: the gthread worker) |
| GUNICORN_BIND | 0.0.0.0:8000 | address to listen on |
| GUNICORN_CMD_ARGS | none | further flags; they override this file |

Cores are those this process may run on (the CPU set, and a container's cgroup
CPU quota when it is lower). benchmarks/load.py measured the choices on a 2-core
machine (benchmarks/README.md, "Production server"): cores + 1 synchronous workers
served more than 2 × cores + 1 (more processes to warm, each with its own cache and
connection, competing with PostgreSQL for the same cores) and more than 1–2
processes with 4–8 threads each (the GIL).
Each worker keeps one database connection (DATABASE_CONN_MAX_AGE), so PostgreSQL
sees workers × threads × web containers connections.
"""
from __future__ import annotations

import os


def available_cores() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:  # cgroup v2: "max 100000" or "<quota> <period>"
        with open("/sys/fs/cgroup/cpu.max", encoding="ascii") as f:
            quota, period = f.read().split()
        if quota != "max":
            cores = min(cores, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cores)


def default_workers(cores: int) -> int:
    return min(cores + 1, 12)


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers(available_cores()))
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
# Load the application once in the master: workers fork with Django, the URL
# patterns and the templates' imports already in memory (faster start, shared pages).
# No database connection is opened at import, so none is shared across the fork.
preload_app = True
# Behind nginx / the Ingress, which keeps connections to the app open.
keepalive = 5
timeout = 60  # CPPCC_EXTRACT_MAX_SECONDS (40) stays under it
graceful_timeout = 30
# A worker is replaced after this many requests (jitter: not all at once), so a slow
# leak in a library cannot grow a worker's memory without bound.
max_requests = 2000
max_requests_jitter = 200
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
forwarded_allow_ips = "*"
accesslog = "-"
