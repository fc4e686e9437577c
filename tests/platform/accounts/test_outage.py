"""Redis down (cache and broker): sign-in, pages and search keep working, a save answers at once,
and the outbox keeps what is to be indexed."""
from __future__ import annotations

import logging
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.models import User
from search.models import OutboxEntry

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:1/0"  # nothing listens there (as conftest.DEAD_REDIS)
PASSWORD = "cppcc-demo-2026"
QUICK = 2.0  # seconds: what "at once" allows on a busy test machine


def _dead_cache(**extra) -> dict:
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD,
            # as settings.CACHES has them with REDIS_URL
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}, **extra}


DEAD_CACHES = {
    "default": _dead_cache(KEY_FUNCTION="django_tenants.cache.make_key",
                           REVERSE_KEY_FUNCTION="django_tenants.cache.reverse_key"),
    "global": _dead_cache(KEY_PREFIX="global"),
}


def timed(call):
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


@override_settings(CACHES=DEAD_CACHES, LOGIN_FAILURE_LIMIT=3)
def test_sign_in_and_search_work_with_the_cache_down(caplog, monkeypatch):
    import accounts.throttle
    import search.backends.postgres.backend as postgres_backend

    monkeypatch.setattr(accounts.throttle, "_outage", False)
    monkeypatch.setattr(postgres_backend, "_cache_down", False)
    caplog.set_level(logging.WARNING)
    client = Client(HTTP_HOST="ziyang.localhost")
    response, took = timed(lambda: client.post("/login/", {"username": "ziyang_staff", "password": PASSWORD}))
    assert response.status_code == 302 and took < QUICK
    for query in ("政协", "乡村振兴"):  # the first matches most of the scope: its facets use the cache
        response, took = timed(lambda: client.get("/search/", {"q": query}))
        assert response.status_code == 200 and took < QUICK, (query, took)
        response, took = timed(lambda: client.get("/api/search/", {"q": query}))
        assert response.status_code == 200 and took < QUICK, (query, took)
    response, took = timed(lambda: client.get("/"))
    assert response.status_code == 200 and took < QUICK
    # the throttle still holds, in this process's memory
    for _ in range(3):
        assert Client(HTTP_HOST="jinhua.localhost").post(
            "/login/", {"username": "jinhua_member", "password": "bad"}).status_code == 200
    refused = Client(HTTP_HOST="jinhua.localhost").post("/login/", {"username": "jinhua_member", "password": PASSWORD})
    assert refused.status_code == 429
    # each part said once that it degraded
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sum("sign-in throttle: cache unreachable" in w for w in warnings) == 1
    assert sum("facet cache is unreachable" in w for w in warnings) == 1


def test_a_save_answers_at_once_with_the_broker_down_and_the_outbox_keeps_it(
        dead_broker, media, django_capture_on_commit_callbacks):
    client = APIClient(HTTP_HOST="ziyang.localhost")
    client.force_authenticate(User.objects.get(username="ziyang_staff"))
    before = OutboxEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as sent:
        upload = SimpleUploadedFile("发言.md", "# 停电时上传\n正文一段。".encode())
        response, took = timed(lambda: client.post("/api/materials/", {"title": "停电时上传", "file": upload},
                                                    format="multipart"))
    assert response.status_code == 201, response.content
    assert sent and took < QUICK, took
    assert OutboxEntry.objects.count() > before  # nothing lost: the next drain indexes it


def test_sending_a_task_to_a_dead_broker_fails_at_once():
    from tenant_schemas_celery.app import CeleryApp

    # not the current app: shared tasks of later tests must keep resolving to the project's
    app = CeleryApp("dead-broker", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=DEAD, result_backend=f"{DEAD}", task_always_eager=False)

    @app.task(name="probe.nothing")
    def nothing():
        return None

    start = time.monotonic()
    with pytest.raises(Exception):
        nothing.delay()
    assert time.monotonic() - start < QUICK
    assert settings.CELERY_TASK_PUBLISH_RETRY is False


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
