"""API tokens: named, several per user, expiring, listed and revoked by their owner; revoked on
password change and deactivation; the tokens of rest_framework.authtoken carried over."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from accounts.services import api_token_create, user_ensure

pytestmark = pytest.mark.django_db

PASSWORD = "cppcc-demo-2026"


@pytest.fixture(autouse=True)
def _fresh_counters():
    caches["global"].clear()


def with_token(key: str, slug: str = "ziyang") -> APIClient:
    client = APIClient(HTTP_HOST=f"{slug}.localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def obtain(username: str, name: str = "", password: str = PASSWORD) -> dict:
    response = Client(HTTP_HOST="ziyang.localhost").post(
        "/api/token/", {"username": username, "password": password, "name": name})
    assert response.status_code == 200, response.content
    return response.json()


def assert_refused(response, detail: str) -> None:
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"code": "authentication_failed", "detail": detail, "errors": {}}


def test_a_token_expires_after_the_configured_days(settings):
    settings.CPPCC_TOKEN_DAYS = 7
    got = obtain("ziyang_viewer", "脚本")
    token = ApiToken.objects.get(pk=got["id"])
    assert token.name == "脚本" and token.key_prefix == got["token"][:8]
    assert token.expires_at - token.created_at == dt.timedelta(days=7)
    assert ApiToken.objects.filter(key_digest__contains=got["token"]).count() == 0  # the key is not kept
    assert with_token(got["token"]).get("/api/units/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert_refused(with_token(got["token"]).get("/api/units/"), "令牌已过期，请重新获取。")


def test_several_named_tokens_listed_and_revoked_by_their_owner():
    first, second = obtain("ziyang_staff", "同步"), obtain("ziyang_staff", "报表")
    client = with_token(first["token"])
    listed = client.get("/api/tokens/").json()
    assert [(t["name"], t["state"]) for t in listed["results"]][:2] == [("报表", "active"), ("同步", "active")]
    assert listed["results"][0]["key_prefix"] == second["token"][:8] and "token" not in listed["results"][0]
    # another user cannot see or revoke them
    other = with_token(obtain("ziyang_viewer")["token"])
    assert {t["id"] for t in other.get("/api/tokens/").json()["results"]}.isdisjoint({first["id"], second["id"]})
    assert other.delete(f"/api/tokens/{second['id']}/").status_code == 404
    assert with_token(second["token"]).get("/api/units/").status_code == 200
    # the owner revokes one: it stops at once, the other goes on
    assert client.delete(f"/api/tokens/{second['id']}/").status_code == 204
    assert_refused(with_token(second["token"]).get("/api/units/"), "令牌无效或已撤销。")
    assert client.get("/api/units/").status_code == 200
    states = {t["id"]: t["state"] for t in client.get("/api/tokens/").json()["results"]}
    assert states[first["id"]] == "active" and states[second["id"]] == "revoked"


def test_an_unknown_token_and_no_credentials_are_both_a_401_with_the_challenge():
    assert_refused(with_token("0" * 40).get("/api/units/"), "令牌无效或已撤销。")
    anonymous = APIClient(HTTP_HOST="ziyang.localhost").get("/api/units/")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
    assert anonymous["WWW-Authenticate"] == "Token"


def test_the_tokens_page_makes_shows_once_and_revokes(site):
    page = site("ziyang", "ziyang_admin")
    # the name in the header opens the account page, which links to the tokens
    assert 'href="/account/"' in page.get("/").content.decode()
    assert 'href="/account/tokens/"' in page.get("/account/").content.decode()
    made = page.post("/account/tokens/", {"name": "数据同步脚本"})
    assert made.status_code == 200
    token = ApiToken.objects.get(user__username="ziyang_admin", name="数据同步脚本")
    body = made.content.decode()
    key = body.split('data-testid="new-token"')[1].split("<code>")[1].split("</code>")[0]
    assert key[:8] == token.key_prefix and ApiToken.digest(key) == token.key_digest
    assert with_token(key).get("/api/units/").status_code == 200
    listing = page.get("/account/tokens/").content.decode()
    assert "数据同步脚本" in listing and key not in listing and f"{token.key_prefix}…" in listing
    # another user's token cannot be revoked from the page
    stranger, _key = api_token_create(user=User.objects.get(username="ziyang_viewer"), name="别人的")
    assert page.post(f"/account/tokens/{stranger.pk}/revoke/").status_code == 404
    assert page.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert_refused(with_token(key).get("/api/units/"), "令牌无效或已撤销。")
    assert "已撤销" in page.get("/account/tokens/").content.decode()
    # the same page on the bare host, for a console user; anonymous visitors sign in first
    assert site(None, "operator").get("/account/tokens/").status_code == 200
    assert site("ziyang").get("/account/tokens/")["Location"].startswith("/login/")


def test_a_password_change_revokes_every_token(site):
    user = user_ensure(username="token_owner", display_name="令牌主人", password=PASSWORD)
    _, key = api_token_create(user=user, name="甲")
    _, other = api_token_create(user=user, name="乙")
    assert with_token(key, "zhejiang").get("/api/me/").json()["username"] == "token_owner"
    # changed in the platform admin: revoked there
    operator = site(None, "operator")
    changed = operator.post(f"/admin/accounts/user/{user.pk}/password/",
                            {"password1": "another-pass-2026!", "password2": "another-pass-2026!"})
    assert changed.status_code == 302
    assert set(ApiToken.objects.filter(user=user).values_list("revoked_at", flat=True)) != {None}
    assert_refused(with_token(key, "zhejiang").get("/api/me/"), "令牌无效或已撤销。")
    # changed any other way: the token knows, since it is bound to the password
    _, third = api_token_create(user=User.objects.get(pk=user.pk), name="丙")
    user = User.objects.get(pk=user.pk)
    user.set_password("yet-another-2026!")
    user.save(update_fields=["password"])
    assert_refused(with_token(third, "zhejiang").get("/api/me/"), "令牌无效或已撤销。")
    assert_refused(with_token(other, "zhejiang").get("/api/me/"), "令牌无效或已撤销。")


def test_deactivation_revokes_every_token(site):
    user = user_ensure(username="leaver", display_name="离任者", password=PASSWORD)
    token, key = api_token_create(user=user, name="甲")
    assert with_token(key).get("/api/me/").status_code == 200
    operator = site(None, "operator")
    saved = operator.post(f"/admin/accounts/user/{user.pk}/change/", {
        "username": "leaver", "display_name": "离任者", "email": "",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert_refused(with_token(key).get("/api/me/"), "令牌无效或已撤销。")
    # back in office: the old token stays revoked
    User.objects.filter(pk=user.pk).update(is_active=True)
    assert_refused(with_token(key).get("/api/me/"), "令牌无效或已撤销。")


def test_tokens_of_rest_framework_authtoken_keep_working_until_their_expiry(settings):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("accounts.migrations.0004_api_tokens_from_authtoken")
    settings.CPPCC_TOKEN_DAYS = 30
    user = User.objects.get(username="jinhua_viewer")
    key = "a" * 40
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz NOT NULL,"
                       " user_id bigint NOT NULL UNIQUE)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, now() - interval '400 days', %s)", [key, user.pk])
    with connection.schema_editor() as editor:
        migration.tokens_from_authtoken(apps, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)  # the keys in clear are gone
    token = ApiToken.objects.get(user=user, name="迁移的令牌")
    assert timezone.now() + dt.timedelta(days=29) < token.expires_at <= timezone.now() + dt.timedelta(days=30)
    assert with_token(key, "jinhua").get("/api/units/").status_code == 200


def test_a_user_holds_at_most_the_limit_of_working_tokens(settings, site):
    settings.CPPCC_TOKEN_LIMIT = 3
    made = [obtain("ziyang_staff", name=f"脚本{i}") for i in range(3)]
    refused = APIClient(HTTP_HOST="ziyang.localhost").post(
        "/api/token/", {"username": "ziyang_staff", "password": PASSWORD, "name": "第四个"}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (400, "token_limit")
    assert "已有 3 个有效令牌" in refused.json()["detail"]
    assert not ApiToken.objects.filter(user__username="ziyang_staff", name="第四个").exists()
    # the page says the same, and nothing is made
    page = site("ziyang", "ziyang_staff").post("/account/tokens/", {"name": "页面上的"})
    assert page.status_code == 400 and "已有 3 个有效令牌" in page.content.decode()
    assert not ApiToken.objects.filter(name="页面上的").exists()
    # revoking one makes room again
    client = with_token(made[0]["token"])
    assert client.delete(f"/api/tokens/{made[1]['id']}/").status_code == 204
    assert obtain("ziyang_staff", name="第四个")["token"]
