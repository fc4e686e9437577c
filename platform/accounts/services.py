"""Writes on accounts and memberships."""
from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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
    a unit-staff person works, or of the HandlingUnit (承办单位) of a handler;
    only these two roles can have one. The caller checks that the unit exists
    (the public schema cannot see it). Granting an existing
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


#: the refusal while a temporary password is not changed yet (pages redirect, the API answers it)
PASSWORD_CHANGE_REQUIRED = "password_change_required"
PASSWORD_CHANGE_REQUIRED_MESSAGE = _lazy("您的密码是管理员设置的临时密码，请先登录网页修改密码。")

#: how often a token's last use is written (not on every request)
TOKEN_TOUCH_SECONDS = 300


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it and its key, which is shown once and not kept.

    Side effects: one ApiToken row (the key's digest, expiring after `days`, by
    default CPPCC_TOKEN_DAYS). Refused (ValidationError, code token_limit) when the
    user already holds CPPCC_TOKEN_LIMIT working tokens: a script that asks for a
    token on every run, or someone holding a stolen password, cannot pile up keys;
    revoking one (or letting it expire) makes room. The user's row is locked first,
    so two requests at once cannot both take the last place. Refused (PermissionDenied)
    while the user's password is a temporary one (User.password_must_change)."""
    if user.password_must_change:
        raise PermissionDenied(PASSWORD_CHANGE_REQUIRED_MESSAGE)
    now = timezone.now()
    User.objects.select_for_update().filter(pk=user.pk).first()
    stamp = password_stamp(user)
    working = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now,
                                      password_stamp=stamp).count()
    if working >= settings.CPPCC_TOKEN_LIMIT:
        raise ValidationError(
            _("已有 %(count)d 个有效令牌，达到上限：请先在“访问令牌”页撤销不再使用的令牌。")
            % {"count": working}, code="token_limit")
    key = secrets.token_hex(20)
    token = ApiToken(user=user, name=name.strip() or _("接口令牌"), key_digest=ApiToken.digest(key),
                     key_prefix=key[:8], password_stamp=stamp, created_at=now,
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


# --- people of a committee (人员与账号): managed by its administrators ----------------------

#: the roles a committee's administrator may grant in their own committee
COMMITTEE_ROLES = (Role.TENANT_ADMIN, Role.UNIT_STAFF, Role.MEMBER, Role.VIEWER, Role.HANDLER)
#: the roles whose membership names a unit (Membership.unit_id): a 委室, or a handler's 承办单位
UNIT_ROLES = (Role.UNIT_STAFF, Role.HANDLER)


def _require_administrator(actor, organisation: Organisation) -> None:
    from roles.policy import Capability, access_in

    if actor is None or not access_in(actor, organisation).allows(Capability.ADMINISTER):
        raise PermissionDenied(_("只有本会管理员可以管理人员与账号。"))


def _memberships_here(user: User, organisation: Organisation):
    return Membership.objects.filter(user=user, organisation=organisation)


def _require_person_here(user: User, organisation: Organisation) -> None:
    if not _memberships_here(user, organisation).exists():
        raise PermissionDenied(_("该账号不属于本会。"))


def person_is_shared(user: User, organisation: Organisation) -> bool:
    """Whether `user` also holds a role elsewhere: then only their roles here are this committee's to change."""
    return Membership.objects.filter(user=user).exclude(organisation=organisation).exists()


def _require_own_account(user: User, organisation: Organisation) -> None:
    if person_is_shared(user, organisation):
        raise PermissionDenied(_("该账号在其他组织也有角色，本会只能调整其在本会的角色，不能修改账号本身。"))


def _other_active_admins(organisation: Organisation, user: User) -> int:
    return (Membership.objects.filter(organisation=organisation, role=Role.TENANT_ADMIN, user__is_active=True)
            .exclude(user=user).count())


def _handling_unit_clean(*, organisation: Organisation, handling_unit_id: int | None, user: User | None) -> int:
    """A handler's handling unit: one in use, or the one the person already works for."""
    from accounts.committee_directory import handling_units

    if handling_unit_id is None:
        raise ValidationError({"handling_unit_id": _("承办单位工作人员需要选择所在承办单位。")})
    held = None
    if user is not None:
        held = (_memberships_here(user, organisation).filter(role=Role.HANDLER)
                .values_list("unit_id", flat=True).first())
    if handling_unit_id != held and handling_unit_id not in {pk for pk, _n in handling_units(active_only=True)}:
        raise ValidationError({"handling_unit_id": _("所选承办单位不存在或已停用。")})
    return handling_unit_id


def _roles_clean(*, organisation: Organisation, roles, unit_id: int | None, member_id: int | None,
                 handling_unit_id: int | None, user: User | None
                 ) -> tuple[list[Role], int | None, int | None, int | None]:
    """The roles, unit, member record and handling unit as asked, checked; ValidationError naming the field."""
    from accounts.committee_directory import directory

    wanted: list[Role] = []
    for role in roles or ():
        if role not in Role.values:
            raise ValidationError({"roles": _("未知的角色。")})
        if Role(role) not in COMMITTEE_ROLES:
            raise PermissionDenied(_("本会管理员不能授予“%(role)s”角色。") % {"role": Role(role).label})
        if Role(role) not in wanted:
            wanted.append(Role(role))
    if not wanted:
        raise ValidationError({"roles": _("请至少选择一个角色。")})
    if Role.HANDLER in wanted:
        # a handler sees only their unit's proposals: any other role here would show them the committee
        if len(wanted) > 1:
            raise ValidationError({"roles": _("承办单位工作人员只能查看本单位承办的提案，不能同时担任本会其他角色。")})
        handling_unit_id = _handling_unit_clean(organisation=organisation, handling_unit_id=handling_unit_id,
                                                user=user)
    else:
        handling_unit_id = None
    if Role.UNIT_STAFF in wanted:
        if unit_id is None:
            raise ValidationError({"unit_id": _("委室工作人员需要选择所在委室。")})
        if unit_id not in {pk for pk, _name in directory().units()}:
            raise ValidationError({"unit_id": _("所选委室不存在。")})
    else:
        unit_id = None
    if Role.MEMBER in wanted and member_id is not None:
        keep = user.pk if user is not None else None
        if not directory().member_available(member_id=member_id, keep=keep):
            raise ValidationError({"member_id": _("所选委员不存在，或已关联其他账号。")})
    else:
        member_id = None
    return wanted, unit_id, member_id, handling_unit_id


def _identity_clean(*, username: str | None, display_name: str, email: str) -> None:
    errors: dict[str, list[str]] = {}
    if username is not None:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = [_("用户名只能包含字母、数字和 @ . + - _，不能有空格。")]
        else:
            if not username:
                errors["username"] = [_("请填写用户名。")]
            elif User.objects.filter(username__iexact=username).exists():
                errors["username"] = [_("用户名“%(username)s”已被使用，请换一个。") % {"username": username}]
    if not display_name.strip():
        errors["display_name"] = [_("请填写姓名。")]
    elif len(display_name) > 50:
        errors["display_name"] = [_("姓名不能超过 50 个字。")]
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            errors["email"] = [_("“%(email)s”不是有效的电子邮箱。") % {"email": email}]
    if errors:
        raise ValidationError(errors)


def temporary_password() -> str:
    """A password to hand to a person once: 12 letters and digits, no look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
    while True:
        password = "".join(secrets.choice(alphabet) for _i in range(12))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def _roles_apply(*, organisation: Organisation, user: User, roles: list[Role], unit_id: int | None,
                 handling_unit_id: int | None, actor) -> None:
    current = {Role(m.role): m for m in _memberships_here(user, organisation)}
    for role, membership in current.items():
        if role not in roles:
            membership_revoke(membership=membership, actor=actor)
    units = {Role.UNIT_STAFF: unit_id, Role.HANDLER: handling_unit_id}
    for role in roles:
        if role in UNIT_ROLES and role in current and current[role].unit_id != units[role]:
            membership_grant(user=user, organisation=organisation, role=role, unit_id=units[role], actor=actor)
        elif role not in current:
            membership_grant(user=user, organisation=organisation, role=role, unit_id=units.get(role), actor=actor)


@transaction.atomic
def person_create(
    *, actor, organisation: Organisation, username: str, display_name: str, email: str = "",
    roles, unit_id: int | None = None, member_id: int | None = None, handling_unit_id: int | None = None,
) -> tuple[User, str]:
    """A new account in `organisation` with its roles; returns it and a temporary password shown once.

    Only the committee's administrators may call it, and only the committee's roles
    (COMMITTEE_ROLES) can be given; a handler (承办单位工作人员) names its handling
    unit (`handling_unit_id`) and holds no other role here. Side effects: one User (active, the temporary
    password set, to be changed at the first sign-in), one Membership per role
    (each audited as role_change), the member record linked (structure's Member.user_id)
    when `member_id` is given, an audit event (account_create). All or nothing.
    """
    _require_administrator(actor, organisation)
    username, display_name, email = username.strip(), display_name.strip(), email.strip()
    errors: dict[str, list[str]] = {}
    try:  # every field's message at once: the identity's and the roles'
        _identity_clean(username=username, display_name=display_name, email=email)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        roles, unit_id, member_id, handling_unit_id = _roles_clean(
            organisation=organisation, roles=roles, unit_id=unit_id, member_id=member_id,
            handling_unit_id=handling_unit_id, user=None)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    password = temporary_password()
    user = User(username=username, display_name=display_name, email=email, is_active=True,
                password_must_change=True)
    user.set_password(password)
    user.full_clean()
    user.save()
    _roles_apply(organisation=organisation, user=user, roles=roles, unit_id=unit_id,
                 handling_unit_id=handling_unit_id, actor=actor)
    if member_id is not None:
        from accounts.committee_directory import directory

        directory().member_link(member_id=member_id, user_id=user.pk)
    audit_record(AuditEvent.Action.ACCOUNT_CREATE, actor=actor, organisation=organisation,
                 detail={"user": username, "account": "created", "roles": [str(r) for r in roles]})
    return user, password


@transaction.atomic
def person_update(
    *, actor, organisation: Organisation, user: User, display_name: str, email: str = "",
    roles, unit_id: int | None = None, member_id: int | None = None, handling_unit_id: int | None = None,
) -> User:
    """Change a person's name and email (own accounts only), roles, unit, handling unit and member record here.

    Refused: a person of another committee (PermissionDenied); the name or email of
    an account that also has roles elsewhere; taking the administrator role from
    oneself or from the committee's last active administrator. Side effects: the
    User's display_name/email; Membership rows granted, moved or revoked (each
    audited as role_change); the member record link (structure's Member.user_id).
    """
    _require_administrator(actor, organisation)
    _require_person_here(user, organisation)
    display_name, email = display_name.strip(), email.strip()
    roles, unit_id, member_id, handling_unit_id = _roles_clean(
        organisation=organisation, roles=roles, unit_id=unit_id, member_id=member_id,
        handling_unit_id=handling_unit_id, user=user)
    if (display_name, email) != (user.display_name, user.email):
        _require_own_account(user, organisation)
        _identity_clean(username=None, display_name=display_name, email=email)
        user.display_name, user.email = display_name, email
        user.full_clean()
        user.save(update_fields=["display_name", "email"])
    is_admin = _memberships_here(user, organisation).filter(role=Role.TENANT_ADMIN).exists()
    if is_admin and Role.TENANT_ADMIN not in roles:
        if user.pk == actor.pk:
            raise ValidationError({"roles": _("不能取消自己的管理员角色，请由另一位管理员操作。")})
        if _other_active_admins(organisation, user) == 0:
            raise ValidationError({"roles": _("这是本会最后一位管理员，不能取消其管理员角色。")})
    _roles_apply(organisation=organisation, user=user, roles=roles, unit_id=unit_id,
                 handling_unit_id=handling_unit_id, actor=actor)
    from accounts.committee_directory import directory

    if Role.MEMBER in roles and member_id is not None:
        directory().member_link(member_id=member_id, user_id=user.pk)
    else:
        directory().member_link(member_id=None, user_id=user.pk)
    return user


@transaction.atomic
def person_active_set(*, actor, organisation: Organisation, user: User, active: bool) -> User:
    """Deactivate (停用) or reactivate (启用) an account of this committee; its history stays.

    A deactivated person can neither sign in nor use an API token (all their tokens
    are revoked; a reactivated person makes new ones). Refused: an account that
    also has roles elsewhere, oneself, the last active administrator.
    Side effects: User.is_active; on deactivation the user's tokens revoked and their
    sessions ended on every site; an audit event (account_deactivate / account_activate).
    """
    _require_administrator(actor, organisation)
    _require_person_here(user, organisation)
    _require_own_account(user, organisation)
    if user.is_active == active:
        return user
    if not active:
        if user.pk == actor.pk:
            raise ValidationError(_("不能停用自己的账号。"))
        is_admin = _memberships_here(user, organisation).filter(role=Role.TENANT_ADMIN).exists()
        if is_admin and _other_active_admins(organisation, user) == 0:
            raise ValidationError(_("这是本会最后一位管理员，不能停用。"))
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        from accounts.signin.sso import sessions_end_for_password

        api_tokens_revoke_all(user=user)
        sessions_end_for_password(user=user)  # signed out on every site of the network
    audit_record(AuditEvent.Action.ACCOUNT_ACTIVATE if active else AuditEvent.Action.ACCOUNT_DEACTIVATE,
                 actor=actor, organisation=organisation,
                 detail={"user": user.username, "account": "activated" if active else "deactivated"})
    return user


@transaction.atomic
def person_password_reset(*, actor, organisation: Organisation, user: User) -> str:
    """Give an account of this committee a new temporary password; returns it, to be shown once.

    Refused for an account that also has roles elsewhere. Side effects: the
    password (accounts.signin.passwords.password_set: every API token of the user
    revoked, their sessions on every site ended), to be changed at the next sign-in;
    an audit event (password_reset, no password in it).
    """
    _require_administrator(actor, organisation)
    _require_person_here(user, organisation)
    _require_own_account(user, organisation)
    from accounts.signin.passwords import password_set

    password = temporary_password()
    password_set(user=user, password=password, temporary=True)  # tokens revoked, signed out everywhere
    audit_record(AuditEvent.Action.PASSWORD_RESET, actor=actor, organisation=organisation,
                 detail={"user": user.username, "account": "password_reset"})
    return password


@transaction.atomic
def person_reset_link_send(*, actor, organisation: Organisation, user: User, request) -> None:
    """Mail an account of this committee the one-time link to set its own password
    (accounts.signin.passwords.reset_mail_send), instead of a temporary password.

    Refused as a password reset is, and when the account has no email or is
    deactivated. Side effects: one email; an audit event (password_reset). The password is unchanged
    until the person sets one through the link."""
    from accounts.signin.passwords import reset_mail_send

    _require_administrator(actor, organisation)
    _require_person_here(user, organisation)
    _require_own_account(user, organisation)
    if not user.email:
        raise ValidationError(_("该账号没有电子邮箱，无法发送重置密码邮件。"))
    if not user.is_active:
        raise ValidationError(_("该账号已停用，请先启用。"))
    reset_mail_send(request=request, user=user)
    audit_record(AuditEvent.Action.PASSWORD_RESET, request=request, actor=actor, organisation=organisation,
                 detail={"user": user.username, "account": "reset_link_sent"})


@transaction.atomic
def first_administrator_create(
    *, actor, organisation: Organisation, username: str, display_name: str, email: str = "",
) -> tuple[User, str]:
    """The first administrator of a committee just provisioned; returns it and a temporary password.

    Called by provisioning (the console) inside its transaction, by someone allowed to
    provision `organisation`. Side effects: one User, one tenant_admin Membership
    (audited), an audit event (account_create).
    """
    from roles.policy import can_provision

    if actor is not None and not can_provision(actor, level=organisation.level, parent=organisation.parent):
        raise PermissionDenied(_("您无权在此处开通政协组织。"))
    username, display_name, email = username.strip(), display_name.strip(), email.strip()
    _identity_clean(username=username, display_name=display_name, email=email)
    password = temporary_password()
    user = User(username=username, display_name=display_name, email=email, is_active=True,
                password_must_change=True)
    user.set_password(password)
    user.full_clean()
    user.save()
    membership_grant(user=user, organisation=organisation, role=Role.TENANT_ADMIN, actor=actor)
    audit_record(AuditEvent.Action.ACCOUNT_CREATE, actor=actor, organisation=organisation,
                 detail={"user": username, "account": "created", "roles": [str(Role.TENANT_ADMIN)]})
    return user, password
