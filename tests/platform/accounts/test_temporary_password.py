"""A temporary password (a new account's, an administrator's reset) is changed at the next sign-in:
every page sends the person to 修改密码 until they chose their own; the API refuses them meanwhile,
with the one error body (403, code password_change_required)."""
from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from accounts.models import ApiToken, User
from accounts.services import api_token_create

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "my-own-pass-2026"


def _created(site) -> str:
    response = site("ziyang", "ziyang_admin").post("/people/new/", {
        "username": "zy_temp", "display_name": "临时", "email": "", "roles": ["viewer"]})
    return re.search(r'data-testid="password">([^<]+)<', response.content.decode()).group(1)


def _signed_in(password: str) -> Client:
    client = Client(HTTP_HOST="ziyang.localhost")
    assert client.post("/login/", {"username": "zy_temp", "password": password}).status_code == 302
    return client


def test_a_new_account_changes_its_temporary_password_before_anything_else(site):
    password = _created(site)
    assert User.objects.get(username="zy_temp").password_must_change
    client = _signed_in(password)

    for path in ("/", "/programmes/", "/account/", "/account/tokens/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/password/?next="), path
    page = client.get("/account/password/?next=/programmes/").content.decode()
    assert 'data-testid="password-must-change"' in page
    htmx = client.get("/programmes/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == "/account/password/"
    # the password page's own parts (the navigation's to-do count) stay empty instead of reloading it
    part = client.get("/todo/count/", HTTP_HX_REQUEST="true",
                      HTTP_HX_CURRENT_URL="http://ziyang.localhost/account/password/?next=%2F")
    assert part.status_code == 204 and "HX-Redirect" not in part

    # the API refuses the session and a token asked for with the password, in the one error body
    for response in (client.get("/api/me/"),
                     Client(HTTP_HOST="ziyang.localhost").post("/api/token/", {"username": "zy_temp",
                                                                                "password": password})):
        assert response.status_code == 403
        assert response.json()["code"] == "password_change_required" and response.json()["errors"] == {}
    assert not ApiToken.objects.filter(user__username="zy_temp").exists()

    # a wrong old password: a message, still temporary
    wrong = client.post("/account/password/?next=/programmes/", {
        "old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and User.objects.get(username="zy_temp").password_must_change

    done = client.post("/account/password/?next=/programmes/", {
        "old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/programmes/"
    assert not User.objects.get(username="zy_temp").password_must_change
    assert client.get("/programmes/").status_code == 200
    assert client.get("/api/me/").status_code == 200
    token = Client(HTTP_HOST="ziyang.localhost").post("/api/token/", {"username": "zy_temp", "password": NEW_PASSWORD})
    assert token.status_code == 200


def test_the_next_address_after_the_change_stays_on_this_site(site):
    password = _created(site)
    client = _signed_in(password)
    done = client.post("/account/password/?next=https://evil.example/", {
        "old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/account/"


def test_an_administrators_reset_makes_the_password_temporary_and_refuses_tokens(site):
    staff = User.objects.get(username="ziyang_staff")
    _token, key = api_token_create(user=staff, name="脚本")
    response = site("ziyang", "ziyang_admin").post(f"/people/{staff.pk}/password/")
    password = re.search(r'data-testid="password">([^<]+)<', response.content.decode()).group(1)
    staff.refresh_from_db()
    assert staff.password_must_change
    api = Client(HTTP_HOST="ziyang.localhost")
    assert api.get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401  # revoked by the reset
    with pytest.raises(PermissionDenied) as refused:
        api_token_create(user=staff, name="再来")
    assert "临时密码" in str(refused.value)
    # a token that somehow outlived the reset is refused too, in the one error body
    User.objects.filter(pk=staff.pk).update(password_must_change=False)
    _token, key = api_token_create(user=User.objects.get(pk=staff.pk), name="旧")
    User.objects.filter(pk=staff.pk).update(password_must_change=True)
    refused = api.get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert refused.status_code == 403 and refused.json()["code"] == "password_change_required"

    client = Client(HTTP_HOST="ziyang.localhost")
    assert client.post("/login/", {"username": "ziyang_staff", "password": password}).status_code == 302
    assert client.get("/").status_code == 302
    client.post("/account/password/", {"old_password": password, "new_password1": NEW_PASSWORD,
                                       "new_password2": NEW_PASSWORD})
    staff.refresh_from_db()
    assert not staff.password_must_change and client.get("/").status_code == 200
