"""One sign-in for the network: signed in on one site is signed in on every site with a role,
signing out anywhere signs out everywhere; tickets are one-time, bound to their site and browser;
nothing redirects outside the registered sites."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.cache import caches
from django.test import Client

from accounts.models import Membership, Role, User
from accounts.services import membership_grant, user_ensure
from accounts.signin import sso
from accounts.signin.models import Session, SignInTicket
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db

PASSWORD = "cppcc-demo-2026"
CONTINUE = re.compile(r'<meta http-equiv="refresh" content="0;url=([^"]+)">')


class Browser:
    """One browser: a cookie jar per host (a test Client each), following redirects across hosts."""

    def __init__(self, address: str = "127.0.0.1"):
        self.clients: dict[str, Client] = {}
        self.address = address
        self.hops: list[str] = []

    def client(self, host: str) -> Client:
        if host not in self.clients:
            self.clients[host] = Client(HTTP_HOST=host, REMOTE_ADDR=self.address)
        return self.clients[host]

    @staticmethod
    def split(url: str, host: str | None = None) -> tuple[str, str]:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return (parts.hostname or host), path

    def open(self, url: str, *, data: dict | None = None, follow: bool = True, host: str | None = None):
        host, path = self.split(url, host)
        self.hops = [f"{host}{path}"]
        client = self.client(host)
        response = client.post(path, data) if data is not None else client.get(path)
        while follow and len(self.hops) < 20:
            if response.status_code in (301, 302, 303):
                onward = response["Location"]
            elif response.status_code == 200 and (found := CONTINUE.search(response.content.decode())):
                onward = html.unescape(found.group(1))  # the page that goes on by itself (a meta refresh)
            else:
                break
            host, path = self.split(onward, host)
            self.hops.append(f"{host}{path}")
            response = self.client(host).get(path)
        response.final_host = host
        return response

    def sign_in(self, host: str, username: str, password: str = PASSWORD, next_path: str = "/"):
        return self.open(f"http://{host}/login/", data={"username": username, "password": password,
                                                         "next": next_path})

    def user_on(self, host: str):
        """Who this browser is signed in as on `host` (None when anonymous)."""
        key = self.client(host).cookies.get("sessionid")
        if key is None:
            return None
        row = Session.objects.filter(session_key=key.value).first()
        return User.objects.get(pk=row.user_id).username if row and row.user_id else None


@pytest.fixture(autouse=True)
def _fresh_counters():
    caches["global"].clear()


@pytest.fixture
def two_sites_person():
    """A member of 资阳 who also works in 金华 (two committees, two provinces)."""
    user = user_ensure(username="two_sites", display_name="两地委员", password=PASSWORD)
    membership_grant(user=user, organisation=Organisation.objects.get(schema_name="ziyang"), role=Role.MEMBER)
    membership_grant(user=user, organisation=Organisation.objects.get(schema_name="jinhua"), role=Role.VIEWER)
    return user


def test_signed_in_on_ziyang_a_person_is_signed_in_on_jinhua_without_a_password(two_sites_person):
    browser = Browser()
    landed = browser.sign_in("ziyang.localhost", "two_sites")
    assert landed.status_code == 200 and landed.final_host == "ziyang.localhost"
    # the password signed in here and, through one ticket, at the platform host (the centre)
    assert [hop.split("?")[0] for hop in browser.hops] == [
        "ziyang.localhost/login/", "localhost/sso/start/", "ziyang.localhost/sso/authorize/",
        "localhost/sso/accept/", "ziyang.localhost/"]
    assert browser.user_on("localhost") == "two_sites"
    # the form's answer does not redirect to another site (CSP form-action 'self' covers redirects)
    posted = Browser().client("ziyang.localhost").post(
        "/login/", {"username": "two_sites", "password": PASSWORD, "next": "/"})
    assert posted.status_code == 200 and CONTINUE.search(posted.content.decode())

    page = browser.open("http://jinhua.localhost/programmes/")
    assert page.status_code == 200 and page.final_host == "jinhua.localhost"
    assert browser.hops[-1] == "jinhua.localhost/programmes/"
    assert 'data-testid="whoami"' in page.content.decode() and "两地委员" in page.content.decode()
    assert browser.user_on("jinhua.localhost") == "two_sites"
    # all three sessions are one network session
    network = {Session.objects.get(session_key=c.cookies["sessionid"].value).network_id
               for c in browser.clients.values() if "sessionid" in c.cookies}
    assert len(network) == 1 and "" not in network


def test_a_person_of_one_site_signs_in_there_without_a_round_trip():
    response = Client(HTTP_HOST="ziyang.localhost").post(
        "/login/", {"username": "ziyang_staff", "password": PASSWORD, "next": "/programmes/"})
    assert response.status_code == 302 and response["Location"] == "/programmes/"


def test_the_officer_signed_in_on_the_console_is_signed_in_on_the_province_but_not_elsewhere():
    browser = Browser()
    console = browser.sign_in("localhost", "sichuan_officer", next_path="/console/")
    assert console.status_code == 200 and browser.hops[-1] == "localhost/console/"
    chengdu = browser.open("http://chengdu.localhost/")
    assert chengdu.status_code == 200 and browser.user_on("chengdu.localhost") == "sichuan_officer"
    # 金华 is in Zhejiang: no role there, so the forbidden page, and not signed in there
    jinhua = browser.open("http://jinhua.localhost/")
    assert jinhua.status_code == 403 and jinhua.final_host == "jinhua.localhost"
    assert "无权访问" in jinhua.content.decode()
    assert browser.user_on("jinhua.localhost") is None


def test_a_visitor_not_signed_in_anywhere_signs_in_on_the_platforms_page_and_returns(two_sites_person):
    browser = Browser()
    page = browser.open("http://jinhua.localhost/programmes/")
    assert page.final_host == "localhost" and browser.hops[-1].startswith("localhost/login/?next=")
    assert "政协金华市委员会" in page.content.decode()  # the central page says where it returns to
    form_next = parse_qs(urlsplit(browser.hops[-1]).query)["next"][0]
    back = browser.open("http://localhost/login/", data={"username": "two_sites", "password": PASSWORD,
                                                         "next": form_next})
    assert back.status_code == 200 and browser.hops[-1] == "jinhua.localhost/programmes/"
    assert browser.user_on("jinhua.localhost") == browser.user_on("localhost") == "two_sites"


def test_signing_out_on_one_site_signs_out_on_all(two_sites_person):
    browser, other_browser = Browser(), Browser()
    browser.sign_in("ziyang.localhost", "two_sites")
    browser.open("http://jinhua.localhost/")
    other_browser.sign_in("ziyang.localhost", "two_sites")
    assert {browser.user_on(h) for h in ("ziyang.localhost", "jinhua.localhost", "localhost")} == {"two_sites"}

    browser.open("http://jinhua.localhost/logout/", data={}, follow=False)
    for host in ("ziyang.localhost", "jinhua.localhost", "localhost"):
        assert browser.user_on(host) is None, host
        response = browser.client(host).get("/programmes/" if host != "localhost" else "/console/")
        assert response.status_code == 302 and response["Location"].startswith("/login/"), host
    # another browser's network session is not this one: it stays signed in
    assert other_browser.user_on("ziyang.localhost") == "two_sites"
    assert other_browser.client("ziyang.localhost").get("/").status_code == 200


def ticket_url(browser: Browser, receiver: str, *, next_path: str = "/") -> str:
    """Ask the platform for a ticket to `receiver` as the browser would; return the accept URL (unused)."""
    start = browser.client(receiver).get(f"/login/?next={next_path}")
    assert start.status_code == 302
    host, path = Browser.split(start["Location"])
    issued = browser.client(host).get(path)
    assert issued.status_code == 302 and "/sso/accept/?ticket=" in issued["Location"], issued
    return issued["Location"]


@pytest.fixture
def signed_in(two_sites_person):
    browser = Browser()
    browser.sign_in("ziyang.localhost", "two_sites")
    return browser


def accept(browser: Browser, url: str, host: str | None = None):
    host_of_url, path = Browser.split(url)
    return browser.client(host or host_of_url).get(path)


def test_a_ticket_works_once(signed_in):
    url = ticket_url(signed_in, "jinhua.localhost")
    assert accept(signed_in, url).status_code == 302
    signed_in.client("jinhua.localhost").logout()
    replay = accept(signed_in, url)
    assert replay.status_code == 400 and "登录链接无效" in replay.content.decode()


def test_a_ticket_is_refused_on_another_site(signed_in):
    url = ticket_url(signed_in, "jinhua.localhost")
    # the same browser asks 资阳 with 金华's ticket
    signed_in.client("ziyang.localhost").logout()
    assert accept(signed_in, url, host="ziyang.localhost").status_code == 400
    assert signed_in.user_on("ziyang.localhost") is None


def test_an_expired_ticket_is_refused(signed_in, monkeypatch):
    url = ticket_url(signed_in, "jinhua.localhost")
    monkeypatch.setattr(sso, "TICKET_SECONDS", -1)
    assert accept(signed_in, url).status_code == 400
    monkeypatch.undo()
    url = ticket_url(signed_in, "jinhua.localhost")
    from django.utils import timezone
    SignInTicket.objects.filter(used_at__isnull=True).update(expires_at=timezone.now())
    assert accept(signed_in, url).status_code == 400
    assert signed_in.user_on("jinhua.localhost") is None


def test_a_tampered_ticket_is_refused(signed_in):
    url = ticket_url(signed_in, "jinhua.localhost")
    host, path = Browser.split(url)
    ticket = parse_qs(urlsplit(url).query)["ticket"][0]
    forged = ticket[:10] + ("A" if ticket[10] != "A" else "B") + ticket[11:]
    assert signed_in.client(host).get("/sso/accept/?" + urlencode({"ticket": forged})).status_code == 400
    assert signed_in.client(host).get("/sso/accept/?ticket=").status_code == 400
    assert signed_in.user_on("jinhua.localhost") is None


def test_a_ticket_made_for_another_browser_is_refused(signed_in):
    """Someone's own ticket sent to a victim would sign the victim in as them (login CSRF): refused."""
    url = ticket_url(signed_in, "jinhua.localhost")
    victim = Browser(address="198.51.100.7")
    victim.client("jinhua.localhost").get("/login/")  # the victim has a session there, without that state
    assert accept(victim, url).status_code == 400
    assert victim.user_on("jinhua.localhost") is None


def test_a_ticket_of_an_ended_network_session_is_refused(signed_in):
    url = ticket_url(signed_in, "jinhua.localhost")
    sso.network_sign_out(network_id=Session.objects.get(
        session_key=signed_in.client("localhost").cookies["sessionid"].value).network_id)
    assert accept(signed_in, url).status_code == 400


def test_a_ticket_of_a_deactivated_account_is_refused(signed_in, two_sites_person):
    url = ticket_url(signed_in, "jinhua.localhost")
    User.objects.filter(pk=two_sites_person.pk).update(is_active=False)
    assert accept(signed_in, url).status_code == 400


@pytest.mark.parametrize("site", ["evil.example", "localhost.evil.example", "", "ziyang.localhost.evil.example"])
def test_tickets_are_made_only_for_registered_sites(signed_in, site):
    response = signed_in.client("localhost").get("/sso/authorize/?" + urlencode(
        {"site": site, "state": "s", "next": "/"}))
    assert response.status_code == 400 and not response.has_header("Location")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "http://ziyang.localhost.evil.example/", "javascript:alert(1)"])
def test_no_next_leaves_the_site(signed_in, target):
    # the committee's login sends its next on to the platform only if it is a local path
    start = signed_in.client("jinhua.localhost").get("/login/?" + urlencode({"next": target}))
    assert start.status_code == 302
    assert parse_qs(urlsplit(start["Location"]).query)["next"] == ["/"]
    # asked directly, the platform never hands over a foreign next either
    host, path = Browser.split(start["Location"])
    query = parse_qs(urlsplit(path).query)
    query["next"] = [target]
    issued = signed_in.client(host).get("/sso/authorize/?" + urlencode({k: v[0] for k, v in query.items()}))
    landed = accept(signed_in, issued["Location"])
    assert landed.status_code == 302 and landed["Location"] == "/"


@pytest.mark.parametrize("target", ["https://evil.example/", "http://localhost.evil.example/x"])
def test_the_platform_continues_only_to_registered_sites(signed_in, target):
    """The platform host may land on another site's URL (after a sign-in there), never on a foreign one."""
    start = signed_in.client("localhost")
    signed_in.client("localhost").logout()
    response = start.get("/sso/start/?" + urlencode({"from": "ziyang.localhost", "next": target}))
    host, path = Browser.split(response["Location"])
    issued = signed_in.client(host).get(path)
    landed = accept(signed_in, issued["Location"])
    assert landed.status_code == 302 and landed["Location"] == "/"
    assert signed_in.client("localhost").get("/sso/start/?from=evil.example&next=/").status_code == 400


def test_a_committee_site_vouches_only_to_the_platform(signed_in):
    response = signed_in.client("ziyang.localhost").get("/sso/authorize/?" + urlencode(
        {"site": "jinhua.localhost", "state": "s", "next": "/"}))
    assert response.status_code == 400


def test_the_central_sign_in_is_throttled_like_every_sign_in(settings, two_sites_person):
    settings.LOGIN_FAILURE_LIMIT = 3
    browser = Browser()
    for _ in range(2):
        assert browser.sign_in("localhost", "two_sites", "bad").status_code == 200
    assert browser.sign_in("ziyang.localhost", "two_sites", "bad").status_code == 200
    refused = browser.sign_in("localhost", "two_sites")
    assert refused.status_code == 429 and "登录失败次数过多" in refused.content.decode()
    assert browser.user_on("localhost") is None
    assert not Membership.objects.filter(user=two_sites_person, role=Role.PROVINCIAL_OFFICER).exists()


def test_a_second_person_signing_in_on_the_same_browser_replaces_the_first_at_the_centre(two_sites_person):
    browser = Browser()
    browser.sign_in("localhost", "sichuan_officer", next_path="/console/")
    assert browser.user_on("localhost") == "sichuan_officer"
    browser.sign_in("ziyang.localhost", "two_sites")
    assert browser.user_on("ziyang.localhost") == browser.user_on("localhost") == "two_sites"
    page = browser.open("http://jinhua.localhost/")
    assert page.status_code == 200 and browser.user_on("jinhua.localhost") == "two_sites"


def test_an_htmx_request_after_the_session_ended_gets_the_form_not_another_site():
    response = Client(HTTP_HOST="ziyang.localhost").get("/login/?next=/structure/members/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'name="password"' in response.content.decode()


def test_a_committee_on_its_own_domain_name_is_signed_in_too(two_sites_person, settings):
    """Not a sub-domain of the base domain: no shared cookie could reach it; the tickets do."""
    from tenancy.models import Domain

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "zx.jinhua.example.cn"]
    Domain.objects.create(domain="zx.jinhua.example.cn", tenant=Organisation.objects.get(schema_name="jinhua"),
                          is_primary=False)
    browser = Browser()
    browser.sign_in("ziyang.localhost", "two_sites")
    page = browser.open("http://zx.jinhua.example.cn/programmes/")
    assert page.status_code == 200 and browser.hops[-1] == "zx.jinhua.example.cn/programmes/"
    assert browser.user_on("zx.jinhua.example.cn") == "two_sites"
    browser.open("http://zx.jinhua.example.cn/logout/", data={}, follow=False)
    assert browser.user_on("ziyang.localhost") is None and browser.user_on("localhost") is None
