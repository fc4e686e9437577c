"""人员与账号, the pages: what an administrator sees and does; others are refused."""
from __future__ import annotations

import re

import pytest

from accounts.models import Membership, Role, User

pytestmark = pytest.mark.django_db


def office_id():
    from django_tenants.utils import schema_context

    from tenants.structure.models import Unit

    with schema_context("ziyang"):
        return Unit.objects.get(name="办公室").pk


def test_the_list_shows_the_committees_accounts_only(site):
    response = site("ziyang", "ziyang_admin").get("/people/")
    body = response.content.decode()
    assert response.status_code == 200
    for username in ("ziyang_admin", "ziyang_staff", "ziyang_member", "ziyang_viewer"):
        assert f'data-testid="person-{username}"' in body
    assert "jinhua_admin" not in body and "sichuan_officer" not in body and "operator" not in body
    assert "办公室" in body  # the unit of the unit staff
    assert 'href="/people/"' in site("ziyang", "ziyang_admin").get("/").content.decode()  # in the navigation


def test_the_list_filters_by_role_and_state(site):
    client = site("ziyang", "ziyang_admin")
    body = client.get("/people/", {"role": "unit_staff"}).content.decode()
    assert "person-ziyang_staff" in body and "person-ziyang_admin" not in body
    body = client.get("/people/", {"state": "inactive"}).content.decode()
    assert "person-ziyang_staff" not in body and "没有符合条件的账号" in body


@pytest.mark.parametrize("username", ["ziyang_staff", "ziyang_member", "ziyang_viewer", "sichuan_officer", "jinhua_admin"])
def test_everyone_but_the_administrators_is_refused(site, username):
    client = site("ziyang", username)
    assert client.get("/people/").status_code == 403
    assert client.post("/people/new/", {"username": "x1", "display_name": "某", "roles": ["viewer"]}).status_code == 403
    assert not User.objects.filter(username="x1").exists()


def test_create_shows_the_temporary_password_once_and_the_person_signs_in(site):
    client = site("ziyang", "ziyang_admin")
    response = client.post("/people/new/", {"username": "zy_li", "display_name": "李华", "email": "li@example.cn",
                                            "roles": ["unit_staff"], "unit_id": str(office_id())})
    body = response.content.decode()
    assert response.status_code == 200 and "账号已创建" in body
    password = re.search(r'data-testid="password">([^<]+)<', body).group(1)
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    assert site("ziyang").post("/login/", {"username": "zy_li", "password": password}).status_code == 302
    assert password not in client.get("/people/").content.decode()


def test_bad_input_gets_a_message_on_the_form_and_nothing_is_saved(site):
    client = site("ziyang", "ziyang_admin")
    response = client.post("/people/new/", {"username": "zy_bad", "display_name": "某", "email": "nope",
                                            "roles": ["unit_staff"]})
    body = response.content.decode()
    assert response.status_code == 400
    assert "委室工作人员需要选择所在委室" in body or "不是有效的电子邮箱" in body
    response = client.post("/people/new/", {"username": "zy_bad", "display_name": "某", "roles": ["provincial_officer"]})
    assert response.status_code == 400 and "本会管理员不能授予该角色" in response.content.decode()
    assert not User.objects.filter(username="zy_bad").exists()


def test_edit_changes_roles_and_deactivate_and_reset_work_from_the_page(site):
    client = site("ziyang", "ziyang_admin")
    staff = User.objects.get(username="ziyang_staff")
    page = client.get(f"/people/{staff.pk}/").content.decode()
    assert 'value="unit_staff"' in page and "checked" in page and "重置密码" in page
    response = client.post(f"/people/{staff.pk}/", {"display_name": "张三", "email": "", "roles": ["viewer"]})
    assert response.status_code == 302
    assert list(Membership.objects.filter(user=staff, organisation__schema_name="ziyang").values_list("role", flat=True)) == ["viewer"]
    client.post(f"/people/{staff.pk}/active/", {"active": "0"})
    staff.refresh_from_db()
    assert staff.is_active is False
    assert "已停用" in client.get("/people/").content.decode()
    response = client.post(f"/people/{staff.pk}/password/")
    assert response.status_code == 200 and "密码已重置" in response.content.decode()


def test_the_administrator_cannot_deactivate_themselves_from_the_page(site):
    client = site("ziyang", "ziyang_admin")
    me = User.objects.get(username="ziyang_admin")
    response = client.post(f"/people/{me.pk}/active/", {"active": "0"}, follow=True)
    assert "不能停用自己的账号" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active


def test_a_person_of_another_committee_is_not_found(site):
    other = User.objects.get(username="jinhua_staff")
    client = site("ziyang", "ziyang_admin")
    assert client.get(f"/people/{other.pk}/").status_code == 404
    assert client.post(f"/people/{other.pk}/active/", {"active": "0"}).status_code == 404
    assert client.post(f"/people/{other.pk}/password/").status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_a_deactivated_persons_open_session_stops_working(site):
    staff_client = site("ziyang", "ziyang_staff")
    assert staff_client.get("/").status_code == 200
    staff = User.objects.get(username="ziyang_staff")
    site("ziyang", "ziyang_admin").post(f"/people/{staff.pk}/active/", {"active": "0"})
    response = staff_client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_administrator_mails_a_reset_link_instead_of_a_temporary_password(site, mailoutbox):
    staff = User.objects.get(username="ziyang_staff")
    staff.email = "staff@example.cn"
    staff.save(update_fields=["email"])
    client = site("ziyang", "ziyang_admin")
    assert "发送重置密码邮件" in client.get(f"/people/{staff.pk}/").content.decode()
    response = client.post(f"/people/{staff.pk}/reset-link/", follow=True)
    assert "已向 staff@example.cn 发送重置密码邮件" in response.content.decode()
    assert [m.to for m in mailoutbox] == [["staff@example.cn"]]
    assert "ziyang.localhost/" in mailoutbox[0].body
    staff.refresh_from_db()
    assert staff.check_password("cppcc-demo-2026")  # unchanged until the person sets one


def test_no_reset_link_without_an_email(site, mailoutbox):
    viewer = User.objects.get(username="ziyang_viewer")
    response = site("ziyang", "ziyang_admin").post(f"/people/{viewer.pk}/reset-link/", follow=True)
    assert "没有电子邮箱" in response.content.decode() and mailoutbox == []


def test_the_people_and_import_pages_are_in_english_too(site):
    client = site("ziyang", "ziyang_admin")
    client.cookies["django_language"] = "en"
    staff = User.objects.get(username="ziyang_staff")
    pages = {url: client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
             for url in ("/people/", "/people/new/", f"/people/{staff.pk}/", f"/people/{staff.pk}/active/",
                         "/structure/members/import/")}
    assert "People and accounts" in pages["/people/"] and "New account" in pages["/people/"]
    assert "Last sign-in" in pages["/people/"] and "人员与账号" not in pages["/people/"]
    assert "Create account" in pages["/people/new/"] and "Required for unit staff." in pages["/people/new/"]
    assert "Reset password" in pages[f"/people/{staff.pk}/"]
    assert "Deactivate the account of" in pages[f"/people/{staff.pk}/active/"]
    assert "Import members" in pages["/structure/members/import/"]
    assert "批量导入委员" not in pages["/structure/members/import/"]


def handling_unit_id(name: str) -> int:
    from django_tenants.utils import schema_context

    from tenants.proposals.models import HandlingUnit

    with schema_context("ziyang"):
        return HandlingUnit.objects.get(name=name).pk


def test_a_handler_is_listed_with_their_handling_unit_and_filtered_by_it(site):
    client = site("ziyang", "ziyang_admin")
    body = client.get("/people/").content.decode()
    row = body[body.index('data-testid="person-ziyang_handler"'):]
    row = row[:row.index("</tr>")]
    assert "承办单位工作人员" in row and "市交通运输局" in row  # the handling unit, not a 委室 of the same id
    traffic = handling_unit_id("市交通运输局")
    body = client.get("/people/", {"handling_unit": str(traffic)}).content.decode()
    assert "person-ziyang_handler\"" in body and "person-ziyang_handler2" not in body
    assert "person-ziyang_admin" not in body
    assert f'<option value="{traffic}" translate="no" selected>市交通运输局</option>' in body


def test_the_administrator_creates_a_handler_choosing_a_handling_unit_and_they_sign_in(site):
    client = site("ziyang", "ziyang_admin")
    form = client.get("/people/new/").content.decode()
    assert "所在承办单位" in form and "市住房和城乡建设局" in form
    housing = handling_unit_id("市住房和城乡建设局")
    response = client.post("/people/new/", {"username": "zy_handler3", "display_name": "王承办",
                                            "roles": ["handler"], "handling_unit_id": str(housing)})
    assert response.status_code == 200 and "账号已创建" in response.content.decode()
    password = re.search(r'data-testid="password">([^<]+)<', response.content.decode()).group(1)
    person = User.objects.get(username="zy_handler3")
    assert list(Membership.objects.filter(user=person).values_list("role", "unit_id")) == [("handler", housing)]
    edit = client.get(f"/people/{person.pk}/").content.decode()
    assert re.search(rf'<option value="{housing}"[^>]* selected[^>]*>市住房和城乡建设局</option>', edit)
    handler = site("ziyang")
    assert handler.post("/login/", {"username": "zy_handler3", "password": password}).status_code == 302


def test_a_handler_needs_a_handling_unit_and_no_other_role(site):
    client = site("ziyang", "ziyang_admin")
    response = client.post("/people/new/", {"username": "zy_h_bad", "display_name": "某", "roles": ["handler"]})
    assert response.status_code == 400 and "承办单位工作人员需要选择所在承办单位" in response.content.decode()
    traffic = handling_unit_id("市交通运输局")
    response = client.post("/people/new/", {"username": "zy_h_bad", "display_name": "某", "roles": ["handler", "viewer"],
                                            "handling_unit_id": str(traffic)})
    assert response.status_code == 400 and "不能同时担任本会其他角色" in response.content.decode()
    response = client.post("/people/new/", {"username": "zy_h_bad", "display_name": "某", "roles": ["handler"],
                                            "handling_unit_id": "999999"})
    assert response.status_code == 400 and "所选承办单位不存在或已停用" in response.content.decode()
    assert not User.objects.filter(username="zy_h_bad").exists()


def test_the_administrator_moves_a_handler_to_another_handling_unit(site):
    client = site("ziyang", "ziyang_admin")
    handler = User.objects.get(username="ziyang_handler")
    housing = handling_unit_id("市住房和城乡建设局")
    response = client.post(f"/people/{handler.pk}/", {"display_name": handler.display_name, "email": "",
                                                      "roles": ["handler"], "handling_unit_id": str(housing)})
    assert response.status_code == 302
    assert list(Membership.objects.filter(user=handler, organisation__schema_name="ziyang")
                .values_list("unit_id", flat=True)) == [housing]
