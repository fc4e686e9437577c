"""Persistent database connections (CONN_MAX_AGE > 0) with django-tenants.

A gunicorn worker keeps its connection between requests, so one PostgreSQL session
serves request after request on different committee hosts. The tenant middleware
sets the search_path on each request and TENANT_LIMIT_SET_CALLS only skips the SET
when the connection already has that schema: each request must still read its own
committee's tables. These requests go through Django's real WSGI handler, whose
request_started/request_finished signals close or keep the connection exactly as
in the server (the test Client switches that handling off). They run on the
committed demo network (no test transaction: the handler would close a connection
left in one) and only read; the two sessions they sign in with are deleted after.
"""
from __future__ import annotations

import json
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from config.database import DEFAULT_CONN_MAX_AGE, database_settings
from tenants.structure.models import Member


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def signed_in(committed):
    """slug → Cookie header of a session of that committee's tenant_admin."""
    cookies, keys = {}, []
    for slug in ("ziyang", "jinhua"):
        client = Client()
        client.force_login(User.objects.get(username=f"{slug}_admin"))
        morsel = client.cookies[settings.SESSION_COOKIE_NAME]
        cookies[slug] = f"{settings.SESSION_COOKIE_NAME}={morsel.value}"
        keys.append(morsel.value)
    yield cookies
    connection.set_schema_to_public()
    Session.objects.filter(session_key__in=keys).delete()


@pytest.fixture
def conn_max_age():
    """Set the connection's CONN_MAX_AGE for the test; the old connection is closed first."""
    before = connection.settings_dict["CONN_MAX_AGE"]

    def use(seconds: int) -> None:
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = seconds

    yield use
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = before


def served(handler: WSGIHandler, slug: str, path: str, cookie: str) -> tuple[str, bytes]:
    path, _, query = path.partition("?")
    environ = {"HTTP_HOST": f"{slug}.localhost", "PATH_INFO": path, "QUERY_STRING": query,
               "HTTP_COOKIE": cookie,
               "HTTP_ACCEPT": "application/json", "REQUEST_METHOD": "GET", "SERVER_NAME": "localhost"}
    setup_testing_defaults(environ)
    status = []
    response = handler(environ, lambda s, headers, exc_info=None: status.append(s))
    body = b"".join(response)
    response.close()  # as the server does: request_finished, where the connection is kept or closed
    return status[0], body


def backend_pid() -> int | None:
    """The PostgreSQL backend serving this thread's connection, if one is open."""
    if connection.connection is None:
        return None
    return connection.connection.info.backend_pid


def member_names(slug: str) -> set[str]:
    with schema_context(slug):
        return set(Member.objects.values_list("name", flat=True))


def listed_names(body: bytes) -> set[str]:
    data = json.loads(body)
    rows = data["results"] if isinstance(data, dict) else data
    return {row["name"] for row in rows}


def test_the_production_default_keeps_connections_with_health_checks(monkeypatch):
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    db = database_settings("postgresql://u:p@db:5432/cppcc")
    assert db["CONN_MAX_AGE"] == DEFAULT_CONN_MAX_AGE > 0
    assert db["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    assert database_settings("postgresql://u:p@db:5432/cppcc")["CONN_MAX_AGE"] == 0
    assert settings.TENANT_LIMIT_SET_CALLS is True


def test_one_reused_connection_serves_each_committee_its_own_rows(signed_in, conn_max_age):
    ziyang, jinhua = member_names("ziyang"), member_names("jinhua")
    assert ziyang and jinhua and not ziyang & jinhua  # the check below can tell them apart
    conn_max_age(60)
    handler = WSGIHandler()
    pids = set()
    for slug in ("ziyang", "jinhua", "ziyang", "jinhua", "jinhua", "ziyang"):
        status, body = served(handler, slug, "/api/members/?page_size=1000", signed_in[slug])
        assert status.startswith("200"), (slug, status, body[:300])
        assert listed_names(body) <= {"ziyang": ziyang, "jinhua": jinhua}[slug], slug
        assert listed_names(body), slug
        pids.add(backend_pid())
    assert len(pids) == 1 and None not in pids  # the same PostgreSQL session all along


def test_without_conn_max_age_each_request_opens_its_own_connection(signed_in, conn_max_age):
    conn_max_age(0)
    handler = WSGIHandler()
    for slug in ("ziyang", "jinhua"):
        status, _ = served(handler, slug, "/api/members/", signed_in[slug])
        assert status.startswith("200")
        assert backend_pid() is None  # closed at request_finished
