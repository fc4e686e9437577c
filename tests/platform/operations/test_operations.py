"""Operations: health endpoints, the audit log, rate-limited sign-in, production settings."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from operations.models import AuditEvent

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def test_liveness_and_readiness_on_every_host(site):
    for slug in (None, "ziyang", "nosuch"):  # answered before routing: even an unknown host
        assert site(slug).get("/healthz").json() == {"status": "ok"}
        response = site(slug).get("/readyz")
        assert response.status_code == 200
        assert response.json()["checks"]["database"]["status"] == "ok"


def test_readiness_names_the_part_that_is_down(site, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    response = site(None).get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["search"]["status"].startswith("error")
    assert body["checks"]["database"]["status"] == "ok"


def test_broker_down_makes_readiness_fail(site, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    from config.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = settings.REDIS_URL
    try:
        response = site(None).get("/readyz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"].startswith("error")


def test_logins_failures_role_changes_and_provisioning_are_audited(site):
    client = site("ziyang")
    client.post("/login/", {"username": "ziyang_staff", "password": "wrong"})
    client.post("/login/", {"username": "ziyang_staff", "password": "cppcc-demo-2026"})
    events = list(AuditEvent.objects.order_by("id").values_list("action", "actor_name", "schema_name"))[-2:]
    assert events == [("login_failed", "ziyang_staff", "ziyang"), ("login", "ziyang_staff", "ziyang")]
    site(None, "operator").post("/api/organisations/", {
        "name": "政协眉山市委员会", "short_name": "眉山", "level": "city", "region_code": "511400",
        "slug": "meishan", "parent_region_code": "510000"}, content_type="application/json")
    event = AuditEvent.objects.filter(action="provision").latest("id")
    assert event.actor_name == "operator" and event.detail["slug"] == "meishan"


def test_sign_in_pauses_after_repeated_failures(site, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = site("jinhua")
    for _ in range(3):
        assert client.post("/login/", {"username": "jinhua_viewer", "password": "bad"}).status_code == 200
    response = client.post("/login/", {"username": "jinhua_viewer", "password": "cppcc-demo-2026"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    # Another account from the same address is not paused.
    ok = client.post("/login/", {"username": "jinhua_staff", "password": "cppcc-demo-2026"})
    assert ok.status_code == 302


def test_log_lines_are_json_with_the_tenant():
    import logging

    from operations.logformat import JsonFormatter, TenantFilter

    record = logging.LogRecord("cppcc", logging.WARNING, __file__, 1, "报表已逾期 %s", ("3",), None)
    TenantFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "报表已逾期 3" and line["tenant"] == "public" and line["level"] == "WARNING"


def test_production_settings_pass_check_deploy():
    env = {**os.environ, "DJANGO_ENV": "production", "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-" + "y" * 30,
           "DJANGO_ALLOWED_HOSTS": ".cppcc.example.cn"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_liveness_makes_no_database_query(site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert site(None).get("/healthz").status_code == 200
    assert len(queries) == 0


def test_platform_init_creates_the_platform_and_its_first_operator(monkeypatch):
    from django.core.management import CommandError, call_command

    from accounts.models import Membership

    monkeypatch.setenv("CPPCC_OPERATOR_PASSWORD", "short")
    with pytest.raises(CommandError, match="至少 12 个字符"):
        call_command("platform_init", operator="ops2")
    monkeypatch.setenv("CPPCC_OPERATOR_PASSWORD", "a-long-initial-password")
    call_command("platform_init", operator="ops2")
    call_command("platform_init", operator="ops2")  # again: nothing duplicated
    membership = Membership.objects.get(user__username="ops2")
    assert membership.role == "platform_operator" and membership.organisation.schema_name == "public"
    assert membership.user.check_password("a-long-initial-password")
