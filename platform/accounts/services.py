"""Writes on accounts and memberships."""
from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, Membership, Role, User, password_stamp
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


@transaction.atomic
def membership_revoke(*, membership: Membership, actor=None) -> None:
    """Take a role away (the platform admin's delete).

    Side effects: the Membership row is deleted; an audit event (role_change).
    """
    user, organisation, role = membership.user, membership.organisation, membership.role
    membership.delete()
    audit_record(AuditEvent.Action.ROLE_CHANGE, actor=actor, organisation=organisation,
                 detail={"user": user.username, "revoked": str(role)})
    from roles.policy import invalidate

    invalidate(user)


#: how often a token's last use is written (not on every request)
TOKEN_TOUCH_SECONDS = 300


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it and its key, which is shown once and not kept.

    Side effects: one ApiToken row (the key's digest, expiring after `days`, by
    default CPPCC_TOKEN_DAYS)."""
    key = secrets.token_hex(20)
    now = timezone.now()
    token = ApiToken(user=user, name=name.strip() or _("接口令牌"), key_digest=ApiToken.digest(key),
                     key_prefix=key[:8], password_stamp=password_stamp(user), created_at=now,
                     expires_at=now + timedelta(days=settings.CPPCC_TOKEN_DAYS if days is None else days))
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop `token` working (idempotent). Side effects: its revoked_at."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user: User) -> int:
    """Stop every token of `user` working: on a password change and on deactivation.

    Side effects: revoked_at of each token not yet revoked; returns how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_token_touch(*, token: ApiToken, now) -> None:
    """Note that `token` was used now, at most once every TOKEN_TOUCH_SECONDS (one UPDATE)."""
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= TOKEN_TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
