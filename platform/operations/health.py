"""Health endpoints: /healthz (the process answers) and /readyz (its dependencies answer).

/readyz also carries ``reports``: figures an operator watches that never fail readiness
(the search outbox: its size and its failing rows). The app that owns one registers it
with ``report_register`` from its ``AppConfig.ready()``; this module imports no app.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    if not settings.REDIS_URL:
        return "in-process (no broker configured)"
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _check_search() -> str:
    if not settings.ELASTICSEARCH_URL:
        return "postgresql (full-text search in the database)"
    from elasticsearch import Elasticsearch

    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=2)
    if not client.ping():
        raise ConnectionError("elasticsearch did not answer the ping")
    return "ok"


CHECKS = {"database": _check_database, "broker": _check_broker, "search": _check_search}

#: name → a function returning a JSON-able dict; counts, never texts a user wrote (the
#: endpoint is public)
REPORTS: dict[str, Callable[[], dict]] = {}


def report_register(name: str, report: Callable[[], dict]) -> None:
    """Add a figure to /readyz's ``reports`` (registering a name again replaces it)."""
    REPORTS[name] = report


def _reports() -> dict:
    out = {}
    for name, report in REPORTS.items():
        try:
            out[name] = report()
        except Exception as error:  # reported, never failing readiness
            out[name] = {"status": f"error: {type(error).__name__}: {error}"[:300]}
    return out


def healthz(request):
    """Liveness: no dependency is asked, so a slow database never restarts the web pods."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """Readiness: 200 when every dependency answers, else 503 naming what failed; with
    the registered reports, which do not decide it."""
    results, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            state = check()
        except Exception as error:  # a health check reports any failure, it never raises
            healthy = False
            state = f"error: {type(error).__name__}: {error}"[:300]
        results[name] = {"status": state, "ms": round((time.monotonic() - started) * 1000, 1)}
    return JsonResponse({"status": "ok" if healthy else "unavailable", "checks": results,
                         "reports": _reports()},
                        status=200 if healthy else 503)


healthz.access_public = True
readyz.access_public = True
