"""Writes on accounts and memberships."""
from __future__ import annotations

from django.db import transaction

from accounts.models import Membership, Role, User
from operations.models import AuditEvent
from operations.services import audit_record
from tenancy.models import Organisation


@transaction.atomic
def user_ensure(*, username: str, display_name: str, password: str | None = None) -> User:
    """Create the user if missing; never changes an existing user's password."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name}
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def membership_grant(
    *, user: User, organisation: Organisation, role: Role, unit_id: int | None = None, actor=None
) -> Membership:
    """Give `user` a role in `organisation` (idempotent). Validates role against level.

    `unit_id` is the id of the Unit (委室) in the organisation's own schema where
    a unit-staff person works; only unit staff can have one. The caller checks
    that the unit exists (the public schema cannot see it). Granting an existing
    role again with another `unit_id` moves the person to that unit; granting
    it with `unit_id=None` leaves the unit as it was.

    Side effects: one Membership row (created, or its unit changed); an audit
    event (role_change) when it is new or its unit changed.
    """
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if membership:
        if unit_id is None or membership.unit_id == unit_id:
            return membership
        before = membership.unit_id
        membership.unit_id = unit_id
        membership.full_clean()
        membership.save(update_fields=["unit_id"])
        audit_record(AuditEvent.Action.ROLE_CHANGE, actor=actor, organisation=organisation,
                     detail={"user": user.username, "role": str(role), "unit_id": [before, unit_id]})
        return membership
    membership = Membership(user=user, organisation=organisation, role=role, unit_id=unit_id)
    membership.full_clean()
    membership.save()
    detail = {"user": user.username, "granted": str(role)}
    if unit_id is not None:
        detail["unit_id"] = unit_id
    audit_record(AuditEvent.Action.ROLE_CHANGE, actor=actor, organisation=organisation, detail=detail)
    from roles.policy import invalidate

    invalidate(user)
    return membership
