"""The audit log of security-relevant actions (public schema: one log for the platform)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")
        ROLE_CHANGE = "role_change", _("角色变更")
        ACCOUNT_CREATE = "account_create", _("账号创建")
        ACCOUNT_DEACTIVATE = "account_deactivate", _("账号停用")
        ACCOUNT_ACTIVATE = "account_activate", _("账号启用")
        PASSWORD_RESET = "password_reset", _("密码重置")
        PROVISION = "provision", _("开通组织")
        EXPORT = "export", _("导出")
        PUBLICATION = "publication", _("发布")
        IMPORT = "import", _("导入")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    actor_id = models.BigIntegerField(_("操作人"), null=True, blank=True)
    actor_name = models.CharField(_("账号"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("组织"), null=True, blank=True, db_index=True)
    schema_name = models.CharField(_("模式"), max_length=63, blank=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"
