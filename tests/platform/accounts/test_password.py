"""Everyone changes their own password (other browsers signed out, tokens revoked); a password is
reset by e-mail (the same answer for any address, a link that works once, throttled, never for a
deactivated account)."""
from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role, User
from accounts.services import api_token_create, membership_grant, user_ensure
from accounts.signin.models import Session
from tenancy.models import Organisation
from tests.platform.accounts.test_sso import Browser

pytestmark = pytest.mark.django_db

PASSWORD = "cppcc-demo-2026"
NEW = "Kx9-new-passphrase"


@pytest.fixture(autouse=True)
def _fresh_counters():
    caches["global"].clear()


@pytest.fixture
def person():
    user = user_ensure(username="pw_person", display_name="改密委员", password=PASSWORD)
    user.email = "pw.person@example.org"
    user.save(update_fields=["email"])
    membership_grant(user=user, organisation=Organisation.objects.get(schema_name="ziyang"), role=Role.MEMBER)
    membership_grant(user=user, organisation=Organisation.objects.get(schema_name="jinhua"), role=Role.VIEWER)
    return user


def api_works(key: str) -> bool:
    client = APIClient(HTTP_HOST="ziyang.localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/me/").status_code == 200


def test_the_account_page_opens_from_the_name_and_leads_to_password_and_tokens(person):
    browser = Browser()
    home = browser.sign_in("ziyang.localhost", "pw_person")
    assert 'href="/account/"' in home.content.decode()
    page = browser.client("ziyang.localhost").get("/account/").content.decode()
    assert 'href="/account/password/"' in page and 'href="/account/tokens/"' in page
    assert "pw.person@example.org" in page
    # the sites of this person, each a link to its own host
    assert 'href="http://ziyang.localhost/"' in page and 'href="http://jinhua.localhost/"' in page


def test_changing_the_password_signs_out_other_browsers_and_revokes_tokens(person):
    here, elsewhere = Browser(), Browser(address="198.51.100.9")
    here.sign_in("ziyang.localhost", "pw_person")
    here.open("http://jinhua.localhost/")
    elsewhere.sign_in("ziyang.localhost", "pw_person")
    _token, key = api_token_create(user=person, name="脚本")
    assert api_works(key)

    response = here.client("ziyang.localhost").post("/account/password/", {
        "old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert "密码已修改" in here.client("ziyang.localhost").get("/account/").content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW)
    # this browser stays signed in on every site of its network session
    assert here.client("ziyang.localhost").get("/").status_code == 200
    assert here.client("jinhua.localhost").get("/").status_code == 200
    assert here.client("localhost").get("/sso/authorize/?site=jinhua.localhost&state=x&next=/").status_code == 302
    # the other browser is signed out everywhere, on the server
    for host in ("ziyang.localhost", "localhost"):
        assert elsewhere.user_on(host) is None, host
    assert elsewhere.client("ziyang.localhost").get("/").status_code == 302
    # the tokens follow the token rules: all revoked
    assert not api_works(key)
    assert ApiToken.objects.get(user=person).revoked_at is not None


@pytest.mark.parametrize("old,new1,new2,message", [
    ("wrong-old", NEW, NEW, "你的旧密码不正确"),
    (PASSWORD, NEW, NEW + "x", "输入的两个密码不一致"),
    (PASSWORD, "short", "short", "密码太短，至少需要 8 个字符。"),
    (PASSWORD, "password123", "password123", "这个密码太常见了"),
])
def test_a_bad_password_change_says_why_and_changes_nothing(person, old, new1, new2, message):
    client = Client(HTTP_HOST="ziyang.localhost")
    client.force_login(person)
    _token, key = api_token_create(user=person, name="脚本")
    response = client.post("/account/password/", {"old_password": old, "new_password1": new1, "new_password2": new2})
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD) and api_works(key)


def test_the_password_pages_need_a_sign_in():
    response = Client(HTTP_HOST="ziyang.localhost").get("/account/password/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def reset_link(message) -> str:
    return re.search(r"http://[^\s]+/password-reset/[^\s]+/", message.body).group(0)


def ask_reset(email: str, address: str = "127.0.0.1", host: str = "ziyang.localhost"):
    return Client(HTTP_HOST=host, REMOTE_ADDR=address).post("/password-reset/", {"email": email})


def test_a_reset_link_is_mailed_and_works_once(person):
    browser = Browser(address="198.51.100.30")
    browser.sign_in("ziyang.localhost", "pw_person")
    _token, key = api_token_create(user=person, name="脚本")

    response = ask_reset("PW.Person@example.org")
    assert response.status_code == 302 and response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pw.person@example.org"] and "重设" in message.subject
    link = reset_link(message)
    assert link.startswith("http://ziyang.localhost/password-reset/") and "pw_person" in message.body

    client = Client(HTTP_HOST="ziyang.localhost")
    form = client.get(link, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == "/password-reset/done/"
    person.refresh_from_db()
    assert person.check_password(NEW)
    # every session of the person ended (a reset keeps none), every token revoked
    assert not Session.objects.filter(user_id=person.pk).exists()
    assert browser.client("ziyang.localhost").get("/").status_code == 302
    assert not api_works(key)
    # the link works once
    again = Client(HTTP_HOST="ziyang.localhost").get(link, follow=True)
    assert 'data-testid="reset-invalid"' in again.content.decode()
    assert 'name="new_password1"' not in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(person):
    known, unknown = ask_reset("pw.person@example.org"), ask_reset("nobody@example.org", address="127.0.0.2")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["pw.person@example.org"]]
    page = Client(HTTP_HOST="ziyang.localhost").get(unknown["Location"]).content.decode()
    assert "如果这个邮箱登记在某个账号上" in page


def test_a_deactivated_account_cannot_reset(person):
    link_before = (ask_reset("pw.person@example.org"), reset_link(mail.outbox[0]))[1]
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert ask_reset("pw.person@example.org", address="127.0.0.3").status_code == 302
    assert len(mail.outbox) == 1  # no new mail
    # nor does a link sent before the deactivation work
    page = Client(HTTP_HOST="ziyang.localhost").get(link_before, follow=True).content.decode()
    assert 'data-testid="reset-invalid"' in page


def test_reset_requests_are_throttled_per_address_and_per_account(person):
    for _ in range(3):
        assert ask_reset("pw.person@example.org", address="203.0.113.1").status_code == 302
    refused = ask_reset("pw.person@example.org", address="203.0.113.2", host="jinhua.localhost")
    assert refused.status_code == 429 and refused["Retry-After"] == "900"
    assert "请求过于频繁" in refused.content.decode()
    assert len(mail.outbox) == 3
    # an unknown address is throttled alike: the answer says nothing about who exists
    for _ in range(3):
        ask_reset("nobody@example.org", address="203.0.113.3")
    assert ask_reset("nobody@example.org", address="203.0.113.4").status_code == 429
    # and one client address cannot ask for many accounts
    for n in range(10):
        ask_reset(f"someone{n}@example.org", address="203.0.113.5")
    assert ask_reset("other@example.org", address="203.0.113.5").status_code == 429


def test_a_bad_address_is_a_clear_message():
    response = ask_reset("not-an-address")
    assert response.status_code == 200 and "合法的邮件地址" in response.content.decode()
    assert mail.outbox == []


def test_the_reset_pages_are_in_english_too(person):
    client = Client(HTTP_HOST="ziyang.localhost", HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    page = client.get("/password-reset/").content.decode()
    assert "Forgotten password" in page and "找回密码" not in page
    client.post("/password-reset/", {"email": "pw.person@example.org"})
    assert "Reset your password" in mail.outbox[0].subject and "Dear" in mail.outbox[0].body
    assert "Forgotten your password?" in client.get("/login/").content.decode()
    client.force_login(person)
    account = client.get("/account/").content.decode()
    assert "My account" in account and "My sites" in account and "我的网站" not in account
    assert "Current password" in client.get("/account/password/").content.decode()


def test_an_administrator_can_have_the_reset_link_mailed(person, rf):
    from accounts.signin.passwords import reset_mail_send

    request = rf.get("/", HTTP_HOST="ziyang.localhost")
    assert reset_mail_send(request=request, user=person) is True
    link = reset_link(mail.outbox[0])
    assert link.startswith("http://ziyang.localhost/password-reset/")
    form = Client(HTTP_HOST="ziyang.localhost").get(link, follow=True)
    assert 'name="new_password1"' in form.content.decode()
    User.objects.filter(pk=person.pk).update(email="")
    person.refresh_from_db()
    assert reset_mail_send(request=request, user=person) is False and len(mail.outbox) == 1


def test_the_officers_account_page_lists_the_provinces_sites(site):
    page = site("chengdu", "sichuan_officer").get("/account/").content.decode()
    sites = page.split('data-testid="account-sites"')[1].split("</ul>")[0]
    assert 'href="http://ziyang.localhost/"' in sites and 'href="http://chengdu.localhost/"' in sites
    assert 'href="http://sichuan.localhost/"' in sites and "jinhua" not in sites
