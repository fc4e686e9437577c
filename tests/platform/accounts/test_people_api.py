"""The people API: administrators list, create and change their committee's accounts; nobody else."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, Role, User
from accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def api(username: str = "ziyang_admin", slug: str = "ziyang") -> APIClient:
    client = APIClient(HTTP_HOST=f"{slug}.localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=User.objects.get(username=username), name='t')[1]}")
    return client


def test_the_list_has_the_committees_people_with_their_roles():
    response = api().get("/api/people/")
    assert response.status_code == 200
    body = response.json()
    usernames = {p["username"] for p in body["results"]}
    assert {"ziyang_admin", "ziyang_staff", "ziyang_member", "ziyang_viewer"} <= usernames
    assert not usernames & {"jinhua_admin", "sichuan_officer", "operator"}
    staff = next(p for p in body["results"] if p["username"] == "ziyang_staff")
    assert [r["role"] for r in staff["roles"]] == ["unit_staff"] and staff["roles"][0]["unit_id"]
    assert {p["username"] for p in api().get("/api/people/", {"role": "member"}).json()["results"]} == {"ziyang_member"}


def test_create_then_change_then_deactivate_then_reset():
    client = api()
    response = client.post("/api/people/", {"username": "zy_api", "display_name": "接口人", "roles": ["viewer"]},
                           format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["person"]["username"] == "zy_api" and len(created["temporary_password"]) == 12
    pk = created["person"]["id"]
    response = client.patch(f"/api/people/{pk}/", {"roles": ["member", "viewer"]}, format="json")
    assert response.status_code == 200 and sorted(r["role"] for r in response.json()["roles"]) == ["member", "viewer"]
    assert response.json()["display_name"] == "接口人"  # kept
    response = client.post(f"/api/people/{pk}/active/", {"active": False}, format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    response = client.post(f"/api/people/{pk}/password/")
    assert response.status_code == 200 and User.objects.get(pk=pk).check_password(response.json()["temporary_password"])


def test_bad_input_and_escalation_answer_in_the_one_error_shape():
    client = api()
    response = client.post("/api/people/", {"username": "ziyang_staff", "display_name": "重名", "roles": ["viewer"]},
                           format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert "已被使用" in response.json()["errors"]["username"][0]
    response = client.post("/api/people/", {"username": "zy_up", "display_name": "越权", "roles": ["provincial_officer"]},
                           format="json")
    assert response.status_code == 400 and "roles[0]" in response.json()["errors"]
    me = User.objects.get(username="ziyang_admin")
    response = client.post(f"/api/people/{me.pk}/active/", {"active": False}, format="json")
    assert response.status_code == 400 and "不能停用自己的账号" in response.json()["detail"]
    assert not User.objects.filter(username__in=["zy_up"]).exists()


@pytest.mark.parametrize("username", ["ziyang_staff", "ziyang_viewer", "jinhua_admin", "sichuan_officer"])
def test_others_are_refused(username):
    client = api(username)
    assert client.get("/api/people/").status_code == 403
    response = client.post("/api/people/", {"username": "zy_x", "display_name": "某", "roles": ["viewer"]}, format="json")
    assert response.status_code == 403
    assert not User.objects.filter(username="zy_x").exists()


def test_a_person_of_another_committee_is_not_found():
    other = User.objects.get(username="jinhua_staff")
    client = api()
    assert client.get(f"/api/people/{other.pk}/").status_code == 404
    assert client.post(f"/api/people/{other.pk}/password/").status_code == 404
    assert client.patch(f"/api/people/{other.pk}/", {"roles": ["viewer"]}, format="json").status_code == 404
    assert not Membership.objects.filter(user=other, organisation__schema_name="ziyang").exists()
    assert list(Membership.objects.filter(user=other).values_list("role", flat=True)) == [Role.UNIT_STAFF]


def _handling_unit(name: str) -> int:
    from django_tenants.utils import schema_context

    from tenants.proposals.models import HandlingUnit

    with schema_context("ziyang"):
        return HandlingUnit.objects.get(name=name).pk


def test_handlers_are_listed_with_their_handling_unit_created_and_filtered():
    client = api()
    traffic = _handling_unit("市交通运输局")
    body = client.get("/api/people/", {"handling_unit": traffic}).json()
    assert [p["username"] for p in body["results"]] == ["ziyang_handler"]
    assert body["results"][0]["roles"] == [{"role": "handler", "unit_id": traffic, "unit_name": "市交通运输局"}]
    staff = next(p for p in client.get("/api/people/").json()["results"] if p["username"] == "ziyang_staff")
    assert staff["roles"][0]["unit_name"] == "办公室"
    response = client.post("/api/people/", {"username": "zy_api_h", "display_name": "接口承办", "roles": ["handler"],
                                            "handling_unit_id": traffic}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["person"]["roles"] == [{"role": "handler", "unit_id": traffic, "unit_name": "市交通运输局"}]
    response = client.post("/api/people/", {"username": "zy_api_h2", "display_name": "接口承办", "roles": ["handler"]},
                           format="json")
    assert response.status_code == 400 and "承办单位工作人员需要选择所在承办单位" in response.json()["errors"]["handling_unit_id"][0]
    assert not User.objects.filter(username="zy_api_h2").exists()
