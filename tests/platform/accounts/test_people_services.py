"""人员与账号, the services: a committee's administrator creates, changes, deactivates and resets
its own accounts; bad input saves nothing; no escalation; no other committee; no lock-out."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import ApiToken, Membership, Role, User
from accounts.services import (
    api_token_create, person_active_set, person_create, person_password_reset, person_update,
)
from operations.models import AuditEvent
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def ziyang():
    with schema_context("ziyang"):
        connection.tenant = Organisation.objects.get(schema_name="ziyang")
        yield connection.tenant


def admin():
    return User.objects.get(username="ziyang_admin")


def office_id():
    from tenants.structure.models import Unit

    return Unit.objects.get(name="办公室").pk


def roles_of(user, organisation):
    return sorted(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))


def test_admin_creates_a_unit_staff_account_who_can_sign_in_with_the_temporary_password(ziyang):
    user, password = person_create(actor=admin(), organisation=ziyang, username="zy_wang", display_name="王明",
                                   email="wang@example.cn", roles=[Role.UNIT_STAFF], unit_id=office_id())
    assert (user.display_name, user.email, user.is_active) == ("王明", "wang@example.cn", True)
    membership = Membership.objects.get(user=user, organisation=ziyang)
    assert (membership.role, membership.unit_id) == (Role.UNIT_STAFF, office_id())
    assert len(password) == 12 and user.check_password(password)
    assert AuditEvent.objects.filter(detail__user="zy_wang", detail__account="created").count() == 1
    client = Client(HTTP_HOST="ziyang.localhost")
    response = client.post("/login/", {"username": "zy_wang", "password": password})
    assert response.status_code == 302


def test_a_member_account_is_linked_to_its_member_record(ziyang):
    from tenants.structure.models import Member

    member = Member.objects.filter(user_id__isnull=True).first()
    user, _password = person_create(actor=admin(), organisation=ziyang, username="zy_member2", display_name=member.name,
                                    roles=[Role.MEMBER], member_id=member.pk)
    member.refresh_from_db()
    assert member.user_id == user.pk
    with pytest.raises(ValidationError) as error:  # a record already linked cannot be linked again
        person_create(actor=admin(), organisation=ziyang, username="zy_member3", display_name="又一位",
                      roles=[Role.MEMBER], member_id=member.pk)
    assert "member_id" in error.value.message_dict
    person_update(actor=admin(), organisation=ziyang, user=user, display_name=member.name, roles=[Role.VIEWER])
    member.refresh_from_db()
    assert member.user_id is None


@pytest.mark.parametrize("fields, field", [
    ({"username": "ziyang_staff"}, "username"),         # taken
    ({"username": "ZIYANG_STAFF"}, "username"),         # taken, whatever the case
    ({"username": "有 空格"}, "username"),
    ({"display_name": "  "}, "display_name"),
    ({"email": "not-an-email"}, "email"),
    ({"roles": []}, "roles"),
    ({"roles": [Role.UNIT_STAFF], "unit_id": None}, "unit_id"),
    ({"roles": [Role.UNIT_STAFF], "unit_id": 987654}, "unit_id"),
    ({"roles": [Role.MEMBER], "member_id": 987654}, "member_id"),
])
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(ziyang, fields, field):
    users, memberships, events = User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()
    data = {"username": "zy_new", "display_name": "新人", "email": "", "roles": [Role.VIEWER], **fields}
    with pytest.raises(ValidationError) as error:
        person_create(actor=admin(), organisation=ziyang, **data)
    assert field in error.value.message_dict
    assert (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == (users, memberships, events)


@pytest.mark.parametrize("role", [Role.PROVINCIAL_OFFICER, Role.PLATFORM_OPERATOR])
def test_an_administrator_cannot_grant_provincial_or_platform_roles(ziyang, role):
    with pytest.raises(PermissionDenied):
        person_create(actor=admin(), organisation=ziyang, username="zy_up", display_name="越权", roles=[role])
    staff = User.objects.get(username="ziyang_staff")
    with pytest.raises(PermissionDenied):
        person_update(actor=admin(), organisation=ziyang, user=staff, display_name=staff.display_name,
                      roles=[Role.UNIT_STAFF, role], unit_id=office_id())
    assert not User.objects.filter(username="zy_up").exists()
    assert roles_of(staff, ziyang) == [Role.UNIT_STAFF]


@pytest.mark.parametrize("username", ["ziyang_staff", "ziyang_viewer", "jinhua_admin", "sichuan_officer"])
def test_only_the_committees_administrators_may_manage_its_people(ziyang, username):
    with pytest.raises(PermissionDenied):
        person_create(actor=User.objects.get(username=username), organisation=ziyang, username="zy_x",
                      display_name="某人", roles=[Role.VIEWER])
    assert not User.objects.filter(username="zy_x").exists()


def test_an_administrator_cannot_touch_a_person_of_another_committee(ziyang):
    other = User.objects.get(username="jinhua_staff")
    before = (other.display_name, other.is_active, other.password)
    for call in (
        lambda: person_update(actor=admin(), organisation=ziyang, user=other, display_name="改名", roles=[Role.VIEWER]),
        lambda: person_active_set(actor=admin(), organisation=ziyang, user=other, active=False),
        lambda: person_password_reset(actor=admin(), organisation=ziyang, user=other),
    ):
        with pytest.raises(PermissionDenied):
            call()
    other.refresh_from_db()
    assert (other.display_name, other.is_active, other.password) == before
    assert not Membership.objects.filter(user=other, organisation=ziyang).exists()


def test_a_person_with_roles_elsewhere_keeps_their_account_only_their_roles_here_change(ziyang):
    jinhua = Organisation.objects.get(schema_name="jinhua")
    officer_like = User.objects.get(username="jinhua_admin")
    Membership.objects.create(user=officer_like, organisation=ziyang, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        person_password_reset(actor=admin(), organisation=ziyang, user=officer_like)
    with pytest.raises(PermissionDenied):
        person_active_set(actor=admin(), organisation=ziyang, user=officer_like, active=False)
    with pytest.raises(PermissionDenied):
        person_update(actor=admin(), organisation=ziyang, user=officer_like, display_name="改名",
                      roles=[Role.VIEWER])
    person_update(actor=admin(), organisation=ziyang, user=officer_like, display_name=officer_like.display_name,
                  roles=[Role.MEMBER])
    assert roles_of(officer_like, ziyang) == [Role.MEMBER]
    assert roles_of(officer_like, jinhua) == [Role.TENANT_ADMIN]


def test_roles_and_unit_change_each_audited(ziyang):
    from tenants.structure.models import Unit

    staff = User.objects.get(username="ziyang_staff")
    other_unit = Unit.objects.exclude(name="办公室").first()
    person_update(actor=admin(), organisation=ziyang, user=staff, display_name="张委室", email="z@example.cn",
                  roles=[Role.UNIT_STAFF, Role.VIEWER], unit_id=other_unit.pk)
    staff.refresh_from_db()
    assert (staff.display_name, staff.email) == ("张委室", "z@example.cn")
    assert roles_of(staff, ziyang) == [Role.UNIT_STAFF, Role.VIEWER]
    assert Membership.objects.get(user=staff, organisation=ziyang, role=Role.UNIT_STAFF).unit_id == other_unit.pk
    details = list(AuditEvent.objects.filter(detail__user="ziyang_staff", action="role_change").values_list("detail", flat=True))
    assert {"user": "ziyang_staff", "granted": "viewer"} in details
    assert {"user": "ziyang_staff", "role": "unit_staff", "unit_id": [office_id(), other_unit.pk]} in details


def test_a_deactivated_person_cannot_sign_in_nor_use_tokens_and_keeps_their_history(ziyang):
    staff = User.objects.get(username="ziyang_staff")
    _token, key = api_token_create(user=staff, name="脚本")
    person_active_set(actor=admin(), organisation=ziyang, user=staff, active=False)
    staff.refresh_from_db()
    assert staff.is_active is False
    assert roles_of(staff, ziyang) == [Role.UNIT_STAFF]  # history and roles stay
    assert ApiToken.objects.get(user=staff).revoked_at is not None
    connection.set_schema_to_public()
    api = Client(HTTP_HOST="ziyang.localhost", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/units/").status_code == 401
    login = Client(HTTP_HOST="ziyang.localhost").post("/login/", {"username": "ziyang_staff",
                                                                 "password": "cppcc-demo-2026"})
    assert login.status_code == 200  # the form again: refused
    person_active_set(actor=admin(), organisation=Organisation.objects.get(schema_name="ziyang"), user=staff,
                      active=True)
    login = Client(HTTP_HOST="ziyang.localhost").post("/login/", {"username": "ziyang_staff",
                                                                 "password": "cppcc-demo-2026"})
    assert login.status_code == 302


def test_the_last_administrator_cannot_be_deactivated_or_lose_the_role_nor_lock_themselves_out(ziyang):
    me = admin()
    with pytest.raises(ValidationError):
        person_active_set(actor=me, organisation=ziyang, user=me, active=False)
    with pytest.raises(ValidationError):
        person_update(actor=me, organisation=ziyang, user=me, display_name=me.display_name, roles=[Role.VIEWER])
    second, _password = person_create(actor=me, organisation=ziyang, username="zy_admin2", display_name="第二管理员",
                                      roles=[Role.TENANT_ADMIN])
    with pytest.raises(ValidationError):  # still oneself
        person_active_set(actor=me, organisation=ziyang, user=me, active=False)
    # the second administrator may take the role from the first: one stays
    person_update(actor=second, organisation=ziyang, user=me, display_name=me.display_name, roles=[Role.VIEWER])
    assert roles_of(me, ziyang) == [Role.VIEWER]
    with pytest.raises(ValidationError) as error:
        person_update(actor=second, organisation=ziyang, user=second, display_name="第二管理员", roles=[Role.VIEWER])
    assert "roles" in error.value.message_dict
    assert roles_of(second, ziyang) == [Role.TENANT_ADMIN]


def test_a_password_reset_gives_a_new_temporary_password_and_stops_the_old_one_and_tokens(ziyang):
    staff = User.objects.get(username="ziyang_staff")
    _token, key = api_token_create(user=staff, name="脚本")
    password = person_password_reset(actor=admin(), organisation=ziyang, user=staff)
    staff.refresh_from_db()
    assert staff.check_password(password) and not staff.check_password("cppcc-demo-2026")
    assert ApiToken.objects.get(user=staff).state() == ApiToken.State.REVOKED
    event = AuditEvent.objects.filter(detail__account="password_reset").get()
    assert password not in str(event.detail)


def test_every_wrong_field_is_named_at_once(ziyang):
    with pytest.raises(ValidationError) as error:
        person_create(actor=admin(), organisation=ziyang, username="ziyang_staff", display_name="重名",
                      email="nope", roles=[Role.UNIT_STAFF])
    assert set(error.value.message_dict) == {"username", "email", "unit_id"}
