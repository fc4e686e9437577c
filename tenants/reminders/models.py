"""Deadlines a committee must meet, and the notices that remind its people of them."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Deadline(models.Model):
    title = models.CharField(_("事项"), max_length=200)
    due_on = models.DateField(_("截止日期"))
    unit = models.ForeignKey(
        "structure.Unit", verbose_name=_("责任委室"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="deadlines",
    )
    done = models.BooleanField(_("已完成"), default=False)

    class Meta:
        verbose_name = _("截止事项")
        verbose_name_plural = _("截止事项")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.due_on:%Y-%m-%d}）"


class Notice(models.Model):
    """A message to one platform user inside this committee. `key` makes sending idempotent."""

    user_id = models.BigIntegerField(_("收件人"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user_id", "key"], name="notice_unique_key")]

    def __str__(self) -> str:
        return self.title
