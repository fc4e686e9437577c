"""Test set-up shared by every test.

The test database is made once per run, with the demo network provisioned and
committed in it (the same code `./dev demo` runs). Each test then runs inside
a transaction that is rolled back, so tests can change the network freely.
Tests that need other processes to see their data (a Celery worker, a live
server for the browser) use the committed network and clean up after
themselves.
"""
from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.test.utils import override_settings

    from demo.services import demo_network_build

    # Fast hashing for the run (override_settings also clears Django's hasher cache).
    override_settings(PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]).enable()
    from django.test.utils import setup_databases, teardown_databases

    made_here = None
    with django_db_blocker.unblock():
        if not connection.settings_dict["NAME"].startswith("test_"):
            # pytest-django makes the test database only when a collected test is
            # marked django_db; browser tests use the committed network unmarked.
            made_here = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        demo_network_build()
    yield
    if made_here is not None:
        with django_db_blocker.unblock():
            try:
                teardown_databases(made_here, verbosity=0)
            except Exception as error:  # as pytest-django does: a leftover session only warns
                import warnings

                warnings.warn(f"test database not dropped: {error}")


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_run():
    """A key prefix of this run: with REDIS_URL the cache outlives the run (sign-in counters …)."""
    import uuid

    from django.conf import settings
    from django.test.utils import override_settings

    caches = {alias: {**conf, "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"}
              for alias, conf in settings.CACHES.items()}
    override = override_settings(CACHES=caches)
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def _public_schema_after_each_test():
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in English leaves English active in the test's thread (LocaleMiddleware
    activates and never deactivates): later tests would read English messages."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


def host_of(slug: str | None) -> str:
    return "localhost" if slug is None else f"{slug}.localhost"


@pytest.fixture
def site():
    """site(slug, username=None) -> a test Client on that committee's host (None = bare host), logged in as username."""
    from accounts.models import User

    def make(slug: str | None, username: str | None = None) -> Client:
        client = Client(HTTP_HOST=host_of(slug))
        if username:
            client.force_login(User.objects.get(username=username))
        return client

    return make


#: A Redis address nothing listens on: a broker or cache that is down.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def dead_broker():
    """The project's Celery app sending to a broker that is down, as the web process does with REDIS_URL."""
    from kombu import pools

    from config.celery import app as celery_app

    saved = {name: celery_app.conf[name] for name in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=DEAD_REDIS)
    yield
    celery_app.conf.update(saved)
    # forget the pools made while the broker was dead (Celery acquires a producer even for an
    # eager task); kombu keeps them globally, per connection
    pools.reset()
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None
        celery_app._pool = None
