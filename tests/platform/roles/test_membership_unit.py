"""A unit-staff membership names the unit (委室) the person works in: service, command, demo."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context

from accounts.models import Membership, Role, User
from accounts.services import membership_grant, user_ensure
from operations.models import AuditEvent
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def org(slug):
    return Organisation.objects.get(schema_name=slug)


def unit_id(slug, name):
    from tenants.structure.models import Unit

    with schema_context(slug):
        return Unit.objects.get(name=name).pk


def test_demo_staff_work_in_their_committees_office():
    for slug in ("ziyang", "jinhua", "chengdu"):
        membership = Membership.objects.get(user__username=f"{slug}_staff", organisation=org(slug))
        assert (membership.role, membership.unit_id) == (Role.UNIT_STAFF, unit_id(slug, "办公室"))
    assert Membership.objects.get(user__username="ziyang_admin").unit_id is None


def test_grant_with_a_unit_then_move_the_person_to_another_unit():
    person = user_ensure(username="zy_proposals", display_name="提案委干部")
    proposals, research = unit_id("ziyang", "提案委员会"), unit_id("ziyang", "研究室")
    membership = membership_grant(user=person, organisation=org("ziyang"), role=Role.UNIT_STAFF, unit_id=proposals)
    assert membership.unit_id == proposals
    granted = AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGE).order_by("id").last()
    assert granted.detail == {"user": "zy_proposals", "granted": "unit_staff", "unit_id": proposals}
    # Granting again without a unit keeps it; with another unit moves the person there.
    assert membership_grant(user=person, organisation=org("ziyang"), role=Role.UNIT_STAFF).unit_id == proposals
    moved = membership_grant(user=person, organisation=org("ziyang"), role=Role.UNIT_STAFF, unit_id=research)
    assert moved.pk == membership.pk and Membership.objects.get(pk=membership.pk).unit_id == research
    event = AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGE).order_by("id").last()
    assert event.detail == {"user": "zy_proposals", "role": "unit_staff", "unit_id": [proposals, research]}
    assert Membership.objects.filter(user=person).count() == 1


def test_only_unit_staff_have_a_unit():
    person = user_ensure(username="zy_viewer2", display_name="只读")
    with pytest.raises(ValidationError) as info:
        membership_grant(user=person, organisation=org("ziyang"), role=Role.VIEWER,
                         unit_id=unit_id("ziyang", "办公室"))
    assert info.value.messages == ["只有委室工作人员可以指定所在委室。"]
    assert not Membership.objects.filter(user=person).exists()


def test_grant_role_command_with_a_unit_name():
    out = io.StringIO()
    call_command("grant_role", "zy_cmd", "ziyang", "unit_staff", "--unit", "提案委员会", stdout=out)
    assert out.getvalue().strip() == f"zy_cmd 在 {org('ziyang').name} 的角色：委室工作人员（提案委员会）"
    membership = Membership.objects.get(user__username="zy_cmd")
    assert (membership.role, membership.unit_id) == (Role.UNIT_STAFF, unit_id("ziyang", "提案委员会"))


def test_grant_role_command_refuses_an_unknown_unit_or_a_unit_for_another_role():
    with pytest.raises(CommandError) as info:
        call_command("grant_role", "zy_cmd2", "ziyang", "unit_staff", "--unit", "不存在的委")
    assert str(info.value).startswith(f"{org('ziyang').name}没有名为“不存在的委”的委室。现有委室：办公室、")
    with pytest.raises(CommandError) as info:
        call_command("grant_role", "zy_cmd2", "ziyang", "viewer", "--unit", "办公室")
    assert str(info.value) == "--unit 只能用于委室工作人员（unit_staff）。"
    assert not User.objects.filter(username="zy_cmd2").exists()
