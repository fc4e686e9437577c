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
timeout.

Some parts of a committee's pages show shared rows that other committees write (the
benchmark's values, reviews and publications, which a provincial officer changes from the
province's host). They name a shared *area* (``cached(..., shared=("benchmark",))``):
its generation lives in the ``global`` cache (the same key on every host) and moves
after any commit that saves or deletes a row of the area's app (``shared_bump_on_write``,
connected by the app's ``ready()``). The key is the default cache's, which carries the schema
(``django_tenants.cache.make_key``): one generation per committee. Caching is only safe
when every process shares the cache, so ``cache_seconds()`` is 0 (caching off) unless
``CPPCC_PAGE_CACHE_SECONDS`` says otherwise (settings: on with Redis, off without it). A
cache that does not answer (Redis down) means no caching, never an error.
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache, caches
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


def _shared_key(area: str) -> str:
    return f"{KEY}:{area}"


def shared_generation(area: str) -> int | None:
    """The generation of a shared area (the same on every host), or None when unreadable."""
    shared = caches["global"]
    try:
        value = shared.get(_shared_key(area))
        if value is None:
            shared.add(_shared_key(area), 1, timeout=None)
            value = shared.get(_shared_key(area))
        return value
    except Exception:
        logger.warning("shared write generation unreadable", exc_info=True)
        return None


def shared_bump(area: str) -> None:
    """Make every cache that names the shared ``area`` stale, on every committee's host."""
    if not cache_seconds():
        return
    shared = caches["global"]
    try:
        try:
            shared.incr(_shared_key(area))
        except ValueError:
            shared.set(_shared_key(area), 2, timeout=None)
    except Exception:
        logger.warning("shared write generation not moved", exc_info=True)


def shared_bump_on_write(area: str, app_label: str) -> None:
    """Connect post_save and post_delete of every model of ``app_label`` to move ``area``'s
    generation once the write commits (called from the app's ``ready()``)."""
    from django.apps import apps
    from django.db import transaction
    from django.db.models.signals import post_delete, post_save

    def moved(sender, **kwargs):
        transaction.on_commit(lambda: shared_bump(area))

    for model in apps.get_app_config(app_label).get_models():
        post_save.connect(moved, sender=model, weak=False, dispatch_uid=f"freshness:{area}:{model._meta.label}:save")
        post_delete.connect(moved, sender=model, weak=False, dispatch_uid=f"freshness:{area}:{model._meta.label}:delete")


def cached(name: str, compute, *parts, timeout: int | None = None, shared: tuple[str, ...] = ()):
    """``compute()`` cached for the active committee under ``name`` and ``parts`` (who and when it
    is for), the committee's generation and the generations of the ``shared`` areas it shows;
    computed every time when caching is off or the cache is unreachable."""
    seconds = cache_seconds() if timeout is None else timeout
    if not seconds or not _in_committee():
        return compute()
    generations = [generation(), *(shared_generation(area) for area in shared)]
    if None in generations:
        return compute()
    key = ":".join([name, *map(str, generations), *map(str, parts)])
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
