"""A committee's write generation: a number that changes whenever something of the committee is written.

Per-person pages that are costly to compute and read far more often than written (the
workspace's to-do list) are cached under a key that carries the generation, so a write
makes every such cache of the committee stale at once, with no list of what depends on
what. The generation moves:

- after every successful unsafe request (POST, PUT, PATCH, DELETE answered below 400) on
  the committee's host (``WriteGenerationMiddleware``): pages, HTMX and the API alike;
- after every Celery task that succeeded in the committee's schema (``task_success``,
  sent while tenant-schemas-celery still has the task's schema set).

Writes outside both (a shell, a management command) are bounded by the caches' own
timeout. The key is the default cache's, which carries the schema
(``django_tenants.cache.make_key``): one generation per committee. Caching is only safe
when every process shares the cache, so ``cache_seconds()`` is 0 (caching off) unless
``CPPCC_PAGE_CACHE_SECONDS`` says otherwise (settings: on with Redis, off without it). A
cache that does not answer (Redis down) means no caching, never an error.
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)
KEY = "write-generation"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def cache_seconds() -> int:
    return int(getattr(settings, "CPPCC_PAGE_CACHE_SECONDS", 0))


def _in_committee() -> bool:
    return getattr(connection, "schema_name", "public") != "public"


def generation() -> int | None:
    """The active committee's generation, or None when it cannot be read (no caching then)."""
    try:
        value = cache.get(KEY)
        if value is None:
            cache.add(KEY, 1, timeout=None)
            value = cache.get(KEY)
        return value
    except Exception:  # a cache server down: pages compute what they show
        logger.warning("write generation unreadable", exc_info=True)
        return None


def bump() -> None:
    """Make every cache keyed on the active committee's generation stale."""
    if not cache_seconds() or not _in_committee():
        return
    try:
        try:
            cache.incr(KEY)
        except ValueError:  # not set yet (or evicted): any new value differs from a cached one's
            cache.set(KEY, 2, timeout=None)
    except Exception:
        logger.warning("write generation not moved", exc_info=True)


def cached(name: str, compute, *parts, timeout: int | None = None):
    """``compute()`` cached for the active committee under ``name`` and ``parts`` (who and when it
    is for) and the committee's generation; computed every time when caching is off or the
    cache is unreachable."""
    seconds = cache_seconds() if timeout is None else timeout
    if not seconds or not _in_committee():
        return compute()
    current = generation()
    if current is None:
        return compute()
    key = ":".join([name, str(current), *map(str, parts)])
    try:
        hit = cache.get(key)
    except Exception:
        hit = None
    if hit is not None:
        return hit
    value = compute()
    try:
        cache.set(key, value, timeout=seconds)
    except Exception:
        logger.warning("page cache not written", exc_info=True)
    return value


class WriteGenerationMiddleware:
    """After a successful unsafe request on a committee's host, moves its generation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            bump()
        return response


def task_succeeded(sender=None, **kwargs) -> None:
    """celery.signals.task_success: the task ran in the committee's schema, still set here."""
    bump()
