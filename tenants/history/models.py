"""The committee's change log (变更记录): who changed what, and when, in any tenant app.

The table lives in each committee's schema. It began in programmes and kept
its table name (``programmes_changelog``) when it moved here.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeLog(models.Model):
    """Who changed what, when: written by the apps' services through ``change_record`` (never by signals)."""

    at = models.DateTimeField(_("时间"), auto_now_add=True)
    user_id = models.BigIntegerField(_("用户"), null=True, blank=True)
    user_name = models.CharField(_("操作人"), max_length=100, blank=True)
    model = models.CharField(_("对象类型"), max_length=50)
    object_id = models.BigIntegerField(_("对象编号"))
    action = models.CharField(_("操作"), max_length=30)
    summary = models.CharField(_("摘要"), max_length=500)
    changes = models.JSONField(_("变更"), default=dict, blank=True)

    class Meta:
        db_table = "programmes_changelog"
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"], name="changelog_object")]

    def __str__(self) -> str:
        return self.summary
