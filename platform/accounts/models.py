"""One identity per person across the platform; memberships give a role in an organisation."""
from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenancy.models import Level, Organisation


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    #: the password is a temporary one an administrator gave (a new account, a reset): the person
    #: changes it before anything else (accounts.signin.middleware; API tokens are refused meanwhile)
    password_must_change = models.BooleanField(_("须修改临时密码"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    PLATFORM_OPERATOR = "platform_operator", _("平台运维")
    PROVINCIAL_OFFICER = "provincial_officer", _("省政协工作人员")
    TENANT_ADMIN = "tenant_admin", _("管理员")
    UNIT_STAFF = "unit_staff", _("委室工作人员")
    MEMBER = "member", _("委员")
    VIEWER = "viewer", _("只读用户")
    HANDLER = "handler", _("承办单位工作人员")


# The level of organisation each role can be held in.
ROLE_LEVELS = {
    Role.PLATFORM_OPERATOR: {Level.PLATFORM},
    Role.PROVINCIAL_OFFICER: {Level.PROVINCE},
    Role.TENANT_ADMIN: {Level.PROVINCE, Level.CITY, Level.COUNTY},
    Role.UNIT_STAFF: {Level.PROVINCE, Level.CITY, Level.COUNTY},
    Role.MEMBER: {Level.PROVINCE, Level.CITY, Level.COUNTY},
    Role.VIEWER: {Level.PROVINCE, Level.CITY, Level.COUNTY},
    Role.HANDLER: {Level.PROVINCE, Level.CITY, Level.COUNTY},
}


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    # The Unit lives in the organisation's own schema, so this is a plain id, not a foreign key.
    # For a handler (承办单位工作人员) it is the id of the proposals' HandlingUnit instead.
    unit_id = models.BigIntegerField(
        _("所在委室"), null=True, blank=True,
        help_text=_("委室工作人员所在的委室：该组织自己模式中委室（Unit）的编号。为空表示不限定委室。"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("成员资格")
        verbose_name_plural = _("成员资格")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation.short_name} · {self.get_role_display()}"

    def clean(self) -> None:
        allowed = ROLE_LEVELS[Role(self.role)]
        if self.organisation_id and self.organisation.level not in allowed:
            raise ValidationError(
                {"role": _("%(role)s 不能设在%(level)s组织上。") % {
                    "role": Role(self.role).label,
                    "level": Level(self.organisation.level).label,
                }}
            )
        if self.unit_id is not None and self.role not in (Role.UNIT_STAFF, Role.HANDLER):
            raise ValidationError({"unit_id": _("只有委室工作人员可以指定所在委室。")})
        if self.role == Role.HANDLER and self.unit_id is None:
            raise ValidationError({"unit_id": _("承办单位工作人员须指定所在的承办单位。")})


def password_stamp(user: User) -> str:
    """A digest of the user's password hash: changes whenever the password does."""
    return hashlib.sha256(f"api-token|{user.password}".encode()).hexdigest()


class ApiToken(models.Model):
    """An API token 访问令牌 of one user: named, expiring, revocable.

    The key is shown once, when it is made; only its SHA-256 digest is kept, with
    its first characters to tell tokens apart. A token stops working at
    ``expires_at``, once revoked (by its owner, or when the password changes or the
    account is deactivated), and when the owner's password has changed since it
    was made (``password_stamp``), whichever path changed it."""

    class State(models.TextChoices):
        ACTIVE = "active", _("有效")
        EXPIRED = "expired", _("已过期")
        REVOKED = "revoked", _("已撤销")

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("令牌开头"), max_length=8, editable=False)
    password_stamp = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("访问令牌")
        verbose_name_plural = _("访问令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def state(self, now=None) -> "ApiToken.State":
        if self.revoked_at is not None or self.password_stamp != password_stamp(self.user):
            return self.State.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return self.State.EXPIRED
        return self.State.ACTIVE
