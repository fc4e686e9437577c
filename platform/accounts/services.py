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
def membership_grant(*, user: User, organisation: Organisation, role: Role, actor=None) -> Membership:
    """Give `user` a role in `organisation` (idempotent). Validates role against level.

    Side effects: one Membership row; an audit event (role_change) when it is new.
    """
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if membership:
        return membership
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    audit_record(AuditEvent.Action.ROLE_CHANGE, actor=actor, organisation=organisation,
                 detail={"user": user.username, "granted": str(role)})
    from roles.policy import invalidate

    invalidate(user)
    return membership
