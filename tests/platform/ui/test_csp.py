"""Every HTML page carries the Content-Security-Policy; templates hold no inline script."""
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


STRICT = {
    "default-src": "'self'", "script-src": "'self'", "connect-src": "'self'", "font-src": "'self'",
    "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'", "frame-ancestors": "'none'",
}


@pytest.mark.parametrize("slug,username,path,status", [
    ("ziyang", None, "/login/", 200),
    ("ziyang", "ziyang_admin", "/", 200),
    ("ziyang", "ziyang_admin", "/benchmark/", 200),
    ("ziyang", "ziyang_admin", "/admin/", 200),
    ("ziyang", "ziyang_viewer", "/admin/", 403),
    ("ziyang", "ziyang_admin", "/no-such-page/", 404),
    (None, "operator", "/console/", 200),
    ("nowhere", None, "/", 404),
])
def test_every_html_page_carries_the_policy(site, slug, username, path, status):
    response = site(slug, username).get(path)
    assert response.status_code == status
    policy = directives(response["Content-Security-Policy"])
    assert {name: policy.get(name) for name in STRICT} == STRICT
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["img-src"] == "'self' data:"


def test_a_refused_request_carries_it_too(site):
    response = site("ziyang").get("/login/?" + "&".join(f"a={i}" for i in range(2000)))
    assert response.status_code == 400 and "script-src 'self';" in response["Content-Security-Policy"]


def test_the_api_docs_get_the_inline_script_they_need_and_nothing_else(site):
    response = site("ziyang", "ziyang_admin").get("/api/docs/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["connect-src"] == "'self'" and policy["frame-ancestors"] == "'none'"


def test_json_answers_carry_no_page_policy(site):
    response = site("ziyang", "ziyang_admin").get("/api/units/")
    assert response.status_code == 200 and "Content-Security-Policy" not in response


TEMPLATE_DIRS = ("platform", "tenants", "shared", "search")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
SCRIPT_URL = re.compile(r"javascript:", re.I)


def test_no_template_holds_inline_script_handlers_or_script_urls():
    found = []
    for folder in TEMPLATE_DIRS:
        for path in sorted((REPO / folder).rglob("templates/**/*.html")):
            text = path.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, INLINE_HANDLER, SCRIPT_URL):
                found += [f"{path.relative_to(REPO)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []


def test_the_template_check_sees_an_inline_handler():
    sample = '<form onsubmit="return confirm(1)"><script>alert(1)</script><script src="/x.js"></script>'
    assert len(INLINE_HANDLER.findall(sample)) == 1 and len(INLINE_SCRIPT.findall(sample)) == 1
