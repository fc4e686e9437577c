"""One sign-in throttle for the page and /api/token/, across hosts, by account and real address."""
from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client

from accounts.client_address import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "cppcc-demo-2026"


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    caches["global"].clear()
    yield
    caches["global"].clear()


def page(slug, username, password, address="127.0.0.1", **headers):
    return Client(HTTP_HOST=f"{slug}.localhost").post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def token(slug, username, password, address="127.0.0.1", **headers):
    host = "localhost" if slug is None else f"{slug}.localhost"
    return Client(HTTP_HOST=host).post(
        "/api/token/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def test_the_token_endpoint_refuses_when_the_page_does():
    for _ in range(3):
        assert token("jinhua", "jinhua_viewer", "bad").status_code == 400
    refused = token("jinhua", "jinhua_viewer", PASSWORD)
    assert refused.status_code == 429
    assert refused.json() == {"code": "throttled", "detail": "登录失败次数过多，请 15 分钟后再试。", "errors": {}}
    assert refused["Retry-After"] == "900"
    # the page counts the same failures
    assert page("jinhua", "jinhua_viewer", PASSWORD).status_code == 429


def test_failures_on_the_page_close_the_token_endpoint_too():
    for _ in range(3):
        assert page("jinhua", "jinhua_staff", "bad").status_code == 200
    assert token("jinhua", "jinhua_staff", PASSWORD).status_code == 429
    # another account from the same address is not paused
    assert token("jinhua", "jinhua_viewer", PASSWORD).status_code == 200


def test_guesses_on_different_hosts_count_together():
    assert page("jinhua", "ziyang_viewer", "bad").status_code == 200
    assert page("ziyang", "ziyang_viewer", "bad").status_code == 200
    assert token(None, "ziyang_viewer", "bad").status_code == 400
    assert page("yiwu", "ziyang_viewer", PASSWORD).status_code == 429
    assert token("zhejiang", "Ziyang_Viewer ", PASSWORD).status_code == 429


def test_the_owner_gets_in_while_the_account_is_under_attack():
    attackers = [f"203.0.113.{n}" for n in range(1, 5)]
    for address in attackers[:3]:
        for _ in range(2):
            assert page("ziyang", "ziyang_staff", "bad", address).status_code == 200
    # six failures for the account: every address that failed for it is refused now,
    # even with the right password, on the page and the API
    assert page("ziyang", "ziyang_staff", PASSWORD, attackers[0]).status_code == 429
    assert token("ziyang", "ziyang_staff", PASSWORD, attackers[1]).status_code == 429
    # a new attacking address gets one guess, then is refused too
    assert page("ziyang", "ziyang_staff", "bad", attackers[3]).status_code == 200
    assert page("ziyang", "ziyang_staff", PASSWORD, attackers[3]).status_code == 429
    # the owner, from an address without failures, gets in with the right password
    assert page("ziyang", "ziyang_staff", PASSWORD, "198.51.100.20").status_code == 302
    assert token("ziyang", "ziyang_staff", PASSWORD, "198.51.100.21").status_code == 200


def test_behind_the_proxy_each_client_is_counted_by_its_own_address(settings):
    settings.CPPCC_TRUSTED_PROXIES = ["10.9.0.0/24"]
    nginx = "10.9.0.5"
    for _ in range(3):
        assert page("jinhua", "jinhua_admin", "bad", nginx, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200
    assert page("jinhua", "jinhua_admin", PASSWORD, nginx, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # the proxy's own address is not what is locked: another client behind it signs in
    assert page("jinhua", "jinhua_admin", PASSWORD, nginx, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
    # the attacker cannot pose as another client: nginx appends what it saw, the right-most counts
    spoofed = page("jinhua", "jinhua_admin", PASSWORD, nginx, HTTP_X_FORWARDED_FOR="198.51.100.8, 203.0.113.9")
    assert spoofed.status_code == 429


class _Request:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_the_client_address_believes_only_trusted_proxies(settings):
    settings.CPPCC_TRUSTED_PROXIES = []
    assert client_address(_Request("10.9.0.5", "198.51.100.7")) == "10.9.0.5"
    settings.CPPCC_TRUSTED_PROXIES = ["10.9.0.0/24", "fd00::/8"]
    assert client_address(_Request("10.9.0.5", "198.51.100.7")) == "198.51.100.7"
    assert client_address(_Request("10.9.0.5", "1.1.1.1, 198.51.100.7, 10.9.0.6")) == "198.51.100.7"
    assert client_address(_Request("fd00::1", "2001:db8::5")) == "2001:db8::5"
    # a client outside the proxies is taken at its word whatever it sends
    assert client_address(_Request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"
    # from a proxy, without or with a garbled header: the nearest address that parses
    assert client_address(_Request("10.9.0.5")) == "10.9.0.5"
    assert client_address(_Request("10.9.0.5", "unknown")) == "10.9.0.5"
    assert client_address(_Request("10.9.0.5", "10.9.0.7")) == "10.9.0.7"
