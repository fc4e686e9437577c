"""The inbox 通知: one row per (person, event), in the public schema, stamped with the committee it concerns.

A row is also the email outbox: ``email_state`` pending until the email is sent after
commit (``services``), retried with backoff when sending failed or the broker was down.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy as _

from tenancy.models import Organisation


class Kind(models.TextChoices):
    """What happened. The label is what the inbox shows as the entry's kind."""

    REPORT_FILED = "report_filed", _("月报待审核")
    REPORT_RETURNED = "report_returned", _("月报被退回")
    REPORT_ACCEPTED = "report_accepted", _("月报已采纳")
    IDEA_STAGE = "idea_stage", _("金点子进入新阶段")
    IDEA_COMMENDED = "idea_commended", _("金点子获表扬")
    VALUE_RETURNED = "value_returned", _("指标数值被退回")
    VALUE_ACCEPTED = "value_accepted", _("指标数值已采纳")
    QUARTER_PUBLISHED = "quarter_published", _("比学赶超结果已发布")
    DEADLINE_APPROACHING = "deadline_approaching", _("截止临近")
    DEADLINE_PASSED = "deadline_passed", _("已逾期")
    PROPOSAL_COSIGN = "proposal_cosign", _("邀请联名提案")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("提案待审查")
    PROPOSAL_DECIDED = "proposal_decided", _("提案审查结果")
    PROPOSAL_ASSIGNED = "proposal_assigned", _("提案交办")
    PROPOSAL_CHANGE = "proposal_change", _("调整交办申请")
    PROPOSAL_ANSWER = "proposal_answer", _("提案答复待办")
    PROPOSAL_ANSWERED = "proposal_answered", _("提案已答复")
    OPINION_SUBMITTED = "opinion_submitted", _("社情民意信息待处理")
    OPINION_DECIDED = "opinion_decided", _("社情民意信息处理结果")
    OPINION_INSTRUCTED = "opinion_instructed", _("社情民意信息获批示")


class EmailState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    SKIPPED = "skipped", _("不发送")  # the person turned email off, or has no address
    FAILED = "failed", _("发送失败")  # gave up after services.EMAIL_MAX_ATTEMPTS


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE,
                             related_name="notifications")
    organisation = models.ForeignKey(Organisation, verbose_name=_("政协组织"), on_delete=models.CASCADE,
                                     related_name="notifications")
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    #: fill the title's and body's %(name)s placeholders; title and body are message ids,
    #: translated when shown (so each reader gets their language)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    #: a path on the organisation's own site: where the thing is done
    url = models.CharField(_("链接"), max_length=500, blank=True)
    #: makes notify idempotent per recipient (blank: no key)
    key = models.CharField(_("去重键"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    email_state = models.CharField(_("邮件"), max_length=10, choices=EmailState.choices,
                                   default=EmailState.PENDING)
    attempts = models.PositiveIntegerField(_("发送尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "key"], condition=~Q(key=""),
                                    name="notification_unique_key"),
        ]
        indexes = [
            models.Index(fields=["user", "organisation", "read_at"], name="notification_inbox"),
            models.Index(fields=["next_attempt_at"], name="notification_email_pending",
                         condition=Q(email_state="pending")),
        ]

    def __str__(self) -> str:
        return self.title_text()

    def _translated(self, text: str) -> str:
        if not text:
            return ""
        params = {name: gettext(value) if isinstance(value, str) and value else value
                  for name, value in (self.params or {}).items()}
        try:
            return gettext(text) % params if params else gettext(text)
        except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
            return text % params if params else text

    def title_text(self) -> str:
        return self._translated(self.title)

    def body_text(self) -> str:
        return self._translated(self.body)

    def _marked(self, text: str) -> str:
        """The translated text as HTML, each parameter that is data (an idea's title, a unit's
        name: no translation of its own) marked translate="no"; the same words as `_translated`."""
        if not text:
            return ""
        params = {}
        for name, value in (self.params or {}).items():
            shown = gettext(value) if isinstance(value, str) and value else value
            if isinstance(value, str) and shown == value and any("\u3400" <= c <= "\u9fff" for c in value):
                params[name] = format_html('<span translate="no">{}</span>', value)
            else:
                params[name] = conditional_escape(shown)
        try:
            sentence = conditional_escape(gettext(text))
            return mark_safe(sentence % params if params else sentence)
        except (KeyError, ValueError, TypeError):
            return conditional_escape(self._translated(text))

    def title_html(self) -> str:
        return self._marked(self.title)

    def body_html(self) -> str:
        return self._marked(self.body)


class Preference(models.Model):
    """A person's choice about notifications (no row: the defaults)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    email_enabled = models.BooleanField(_("通过邮件接收通知"), default=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return f"{self.user}: {'email' if self.email_enabled else 'no email'}"
