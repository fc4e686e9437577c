"""Account events each have their own audit kind, and the platform's audit log names them."""
from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import Role, User
from accounts.services import person_active_set, person_create, person_password_reset, person_update
from operations.models import AuditEvent
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def _kinds(username: str) -> list[str]:
    return list(AuditEvent.objects.filter(detail__user=username).order_by("id").values_list("action", flat=True))


def test_create_role_change_deactivate_activate_and_reset_are_told_apart(site):
    admin = User.objects.get(username="ziyang_admin")
    with schema_context("ziyang"):
        ziyang = connection.tenant = Organisation.objects.get(schema_name="ziyang")
        user, _password = person_create(actor=admin, organisation=ziyang, username="zy_audit", display_name="审计",
                                        roles=[Role.VIEWER])
        person_update(actor=admin, organisation=ziyang, user=user, display_name="审计", roles=[Role.MEMBER])
        person_active_set(actor=admin, organisation=ziyang, user=user, active=False)
        person_active_set(actor=admin, organisation=ziyang, user=user, active=True)
        person_password_reset(actor=admin, organisation=ziyang, user=user)
    assert _kinds("zy_audit") == [
        "role_change",  # granted viewer
        "account_create",
        "role_change", "role_change",  # viewer revoked, member granted
        "account_deactivate", "account_activate", "password_reset",
    ]
    assert not AuditEvent.objects.filter(detail__user="zy_audit", action="role_change",
                                         detail__has_key="account").exists()

    page = site(None, "operator").get("/admin/operations/auditevent/?action=account_create").content.decode()
    assert "账号创建" in page and "zy_audit" in page and "账号停用" in page  # the kind, whom, the filter
    filtered = site(None, "operator").get("/admin/operations/auditevent/?action=password_reset").content.decode()
    assert "zy_audit" in filtered and "ziyang_staff" not in filtered
