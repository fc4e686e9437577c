"""Provisioning names the committee's first administrator, who then manages its people alone."""
import re

import pytest

from accounts.models import Membership, Role, User
from operations.models import AuditEvent
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db

MEISHAN = {
    "name": "政协眉山市委员会", "short_name": "眉山", "level": "city", "region_code": "511400", "slug": "meishan",
    "admin_username": "meishan_admin", "admin_display_name": "眉山管理员", "admin_email": "admin@meishan.example.cn",
}


def unmarked(html: str) -> str:
    """The page as read: the marks around data (translate="no" spans) left out."""
    return re.sub(r"</?span[^>]*>", "", html)


def test_the_first_administrator_signs_in_and_opens_the_people_page(site):
    sichuan = Organisation.objects.get(schema_name="sichuan")
    response = site(None, "operator").post("/console/organisations/new/", {**MEISHAN, "parent": sichuan.pk})
    body = response.content.decode()
    assert response.status_code == 200 and "已开通 政协眉山市委员会" in unmarked(body)
    assert response["Cache-Control"] == "no-store"
    password = re.search(r'data-testid="admin-password">([^<]+)<', body).group(1)
    user = User.objects.get(username="meishan_admin")
    assert (user.display_name, user.email) == ("眉山管理员", "admin@meishan.example.cn")
    meishan = Organisation.objects.get(schema_name="meishan")
    assert list(Membership.objects.filter(user=user).values_list("organisation", "role")) == [(meishan.pk, Role.TENANT_ADMIN)]
    assert AuditEvent.objects.filter(organisation_id=meishan.pk, detail__account="created",
                                     detail__user="meishan_admin").exists()
    client = site("meishan")
    assert client.post("/login/", {"username": "meishan_admin", "password": password}).status_code == 302
    # the temporary password is changed first (accounts' rule), then the people page opens
    assert client.get("/people/")["Location"] == "/account/password/?next=%2Fpeople%2F"
    changed = client.post("/account/password/?next=/people/", {
        "old_password": password, "new_password1": "Meishan-own-2026!", "new_password2": "Meishan-own-2026!"})
    assert changed.status_code == 302
    people = client.get("/people/")
    assert people.status_code == 200 and "person-meishan_admin" in people.content.decode()


@pytest.mark.parametrize("field, value, words", [
    ("admin_username", "ziyang_admin", "已被使用"),
    ("admin_username", "有 空格", "用户名只能包含"),
    ("admin_email", "nope", "有效的电子邮箱"),
    ("admin_display_name", "", "必填"),
])
def test_a_bad_administrator_gets_a_message_and_no_committee_is_made(site, field, value, words):
    sichuan = Organisation.objects.get(schema_name="sichuan")
    users = User.objects.count()
    response = site(None, "operator").post("/console/organisations/new/",
                                           {**MEISHAN, field: value, "parent": sichuan.pk})
    assert response.status_code == 400 and words in response.content.decode()
    assert not Organisation.objects.filter(schema_name="meishan").exists()
    assert User.objects.count() == users


def test_a_bad_committee_makes_no_administrator(site):
    sichuan = Organisation.objects.get(schema_name="sichuan")
    response = site(None, "operator").post("/console/organisations/new/",
                                           {**MEISHAN, "region_code": "512000", "parent": sichuan.pk})
    assert response.status_code == 400 and "已被" in response.content.decode()
    assert not User.objects.filter(username="meishan_admin").exists()


def test_the_api_provisions_with_the_first_administrator(site):
    response = site(None, "operator").post("/api/organisations/", {
        **MEISHAN, "parent_region_code": "510000"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["admin_username"] == "meishan_admin" and len(body["temporary_password"]) == 12
    assert User.objects.get(username="meishan_admin").check_password(body["temporary_password"])
    response = site(None, "operator").post("/api/organisations/", {
        **MEISHAN, "slug": "meishan2", "region_code": "511402", "admin_username": "ziyang_admin",
        "parent_region_code": "510000"}, content_type="application/json")
    assert response.status_code == 400 and "已被使用" in response.json()["errors"]["admin_username"][0]
    assert not Organisation.objects.filter(schema_name="meishan2").exists()
