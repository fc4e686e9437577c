"""Small hardening of the web edge: host names as people type them, oversized requests.

(The admin's append-only records are in tests/platform/roles/; debug and the
error pages in tests/platform/test_debug_settings.py; the content security
policy in tests/platform/ui/test_csp.py and tests/browser/test_csp.py.)
"""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["ZIYANG.localhost", "ziyang.localhost.", "Ziyang.LOCALHOST.:8000"])
def test_a_host_in_capitals_or_with_a_trailing_dot_reaches_its_committee(host):
    page = Client(HTTP_HOST=host).get("/login/")
    assert page.status_code == 200
    assert "资阳" in page.content.decode()


def test_the_bare_host_in_capitals_is_the_platform():
    page = Client(HTTP_HOST="LOCALHOST.").get("/login/")
    assert page.status_code == 200
    assert "找不到该政协组织" not in page.content.decode()


def test_an_unknown_committee_still_gets_the_clear_page():
    page = Client(HTTP_HOST="NOWHERE.localhost").get("/")
    assert page.status_code == 404 and "找不到该政协组织" in page.content.decode()
