"""DEBUG is never on by accident: production is the default, the demo has no debug pages.

Settings are loaded in a child process with an environment of our choosing
(pytest sets PYTEST_VERSION, which makes the settings `test`; the child runs
without it, as a server would).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
SHOW_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'env': s.DJANGO_ENV, 'ssl_redirect': getattr(s, 'SECURE_SSL_REDIRECT', False),"
    " 'hsts': s.SECURE_HSTS_SECONDS, 'session_cookie_secure': s.SESSION_COOKIE_SECURE,"
    " 'development_key': s.SECRET_KEY.startswith('development-only')}))"
)


def run_settings(code: str, **variables: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items()
           if name not in ("DJANGO_DEBUG", "DJANGO_ENV", "DJANGO_SECRET_KEY", "PYTEST_VERSION")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", PYTHONPATH=f"{REPO / 'platform'}:{REPO}", **variables)
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_server_started_without_settings_refuses_to_start_without_a_secret_key():
    result = run_settings(SHOW_SETTINGS)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_server_started_without_settings_is_not_in_debug_and_is_hardened():
    result = run_settings(SHOW_SETTINGS, DJANGO_SECRET_KEY="k" * 60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"debug": False, "env": "production", "ssl_redirect": True,
                                         "hsts": 31536000, "session_cookie_secure": True,
                                         "development_key": False}


def test_the_demo_has_a_development_key_plain_http_and_no_debug():
    result = run_settings(SHOW_SETTINGS, DJANGO_ENV="demo")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"debug": False, "env": "demo", "ssl_redirect": False, "hsts": 0,
                                         "session_cookie_secure": False, "development_key": True}


def test_an_unknown_environment_name_is_refused():
    result = run_settings(SHOW_SETTINGS, DJANGO_ENV="staging")
    assert result.returncode != 0 and "DJANGO_ENV must be production, demo or test" in result.stderr


VISIT_FAILING_PAGE = """
import django, json
django.setup()
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tests.platform.raising_urls"):
    client = Client(HTTP_HOST="ziyang.localhost", raise_request_exception=False)
    failing, missing = client.get("/failing-page/"), client.get("/no-such-page/")
print(json.dumps({"failing": [failing.status_code, failing.content.decode()],
                  "missing": [missing.status_code, missing.content.decode()]}))
"""


@pytest.mark.django_db
def test_the_demo_shows_the_project_error_pages_not_the_technical_page():
    from config.database import database_url_for

    result = run_settings(VISIT_FAILING_PAGE, DJANGO_ENV="demo",
                          DATABASE_URL=database_url_for(connection.settings_dict))
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout)
    status, body = pages["failing"]
    assert status == 500
    assert "系统出现错误，已记录" in body
    assert "Traceback" not in body and "DATABASE_URL" not in body and "a bug in a view" not in body
    status, body = pages["missing"]
    assert status == 404 and "Page not found" not in body and "URLconf" not in body
