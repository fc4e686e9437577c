"""Deadlines a committee must meet (their reminders are notifications: ``notifications``)."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Deadline(models.Model):
    """Something due on a day. An app's deadline carries its ``source`` and ``key`` (what it belongs to).

    The pair is unique, so an app registers, updates and closes its own
    deadlines by key through ``reminders.services`` (e.g. source
    ``programmes.monthly_report``, key ``<unit id>:2024-06``). Deadlines
    entered by hand have neither.
    """

    title = models.CharField(_("事项"), max_length=200)
    due_on = models.DateField(_("截止日期"))
    unit = models.ForeignKey(
        "structure.Unit", verbose_name=_("责任委室"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="deadlines",
    )
    done = models.BooleanField(_("已完成"), default=False)
    source = models.CharField(_("来源"), max_length=50, blank=True)
    key = models.CharField(_("来源键"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("截止事项")
        verbose_name_plural = _("截止事项")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "key"], condition=~models.Q(source=""), name="deadline_unique_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.due_on:%Y-%m-%d}）"

    def clean(self) -> None:
        if bool(self.source) != bool(self.key):
            raise ValidationError(_("截止事项的来源和来源键须同时填写。"))
