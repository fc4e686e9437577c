"""社情民意信息: short reports of what people say, from a member, a unit or a 界别 group.

A report (``OpinionReport``) is submitted by its author and handled by the office (the committee's
administrators and the staff of ``OpinionSettings.office_unit``, e.g. 研究室): the office edits it (each
earlier text is kept as a ``Revision``, so the author sees what was changed), decides to use it (采用: it
appears in the committee's bulletin 《社情民意》, numbered per year) or not (不采用, with a reason), and
forwards a used report upward (报送: to the province's committee, the national committee, or both).
What came back is recorded: adoption by the national committee (``Adoption``; the province records its
own adoption on its site, in ``shared.opinion_exchange``) and leaders' instructions (``Instruction``, 批示).
These tables live in each committee's schema; nothing of them goes to the shared search.
"""
from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class OpinionSettings(models.Model):
    """The committee's rules: one row (pk 1), made with its defaults when first read."""

    office_unit = models.ForeignKey(
        "structure.Unit", verbose_name=_("社情民意工作机构"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("该委室的工作人员编辑、采用和报送社情民意信息；管理员总可以。"),
    )
    bulletin_name = models.CharField(_("刊物名称"), max_length=30, default="社情民意")

    class Meta:
        verbose_name = _("社情民意工作设置")
        verbose_name_plural = _("社情民意工作设置")

    def __str__(self) -> str:
        return str(_("社情民意工作设置"))


class Origin(models.TextChoices):
    MEMBER = "member", _("委员")
    UNIT = "unit", _("委室")
    SECTOR = "sector", _("界别")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待处理")
    USED = "used", _("已采用")
    DECLINED = "declined", _("不采用")
    FORWARDED = "forwarded", _("已报送")


class Level(models.TextChoices):
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("国家级")


class OpinionReport(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    situation = models.TextField(_("基本情况"))
    views = models.TextField(_("群众意见"), blank=True)
    suggestions = models.TextField(_("意见建议"))
    attachment = models.FileField(_("附件"), upload_to="opinions/%Y/", blank=True)
    origin = models.CharField(_("报送者"), max_length=10, choices=Origin.choices, default=Origin.MEMBER)
    member = models.ForeignKey("structure.Member", verbose_name=_("委员"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="opinion_reports")
    unit = models.ForeignKey("structure.Unit", verbose_name=_("委室"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="opinion_reports")
    sector = models.ForeignKey("structure.Sector", verbose_name=_("界别"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="opinion_reports")
    created_by_user_id = models.BigIntegerField(_("报送账号"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    edited_at = models.DateTimeField(_("编辑时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by_user_id = models.BigIntegerField(null=True, blank=True)
    decline_reason = models.TextField(_("不采用理由"), blank=True)
    bulletin_year = models.PositiveSmallIntegerField(
        _("刊物年度"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    bulletin_issue = models.PositiveSmallIntegerField(_("刊物期号"), null=True, blank=True)
    to_province = models.BooleanField(_("报送省政协"), default=False)
    to_national = models.BooleanField(_("报送全国政协"), default=False)
    forwarded_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    forwarded_by_user_id = models.BigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin_year", "bulletin_issue"],
                                    condition=models.Q(bulletin_issue__isnull=False), name="opinions_issue_unique"),
            models.CheckConstraint(
                condition=(models.Q(origin="member", member__isnull=False)
                           | models.Q(origin="unit", unit__isnull=False)
                           | models.Q(origin="sector", sector__isnull=False)),
                name="opinions_author_named"),
        ]
        indexes = [models.Index(fields=["status"], name="opinions_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def author_name(self) -> str:
        author = {Origin.MEMBER: self.member, Origin.UNIT: self.unit, Origin.SECTOR: self.sector}.get(self.origin)
        return getattr(author, "name", "") or ""

    @property
    def bulletin_label(self) -> str:
        if self.bulletin_issue is None:
            return ""
        return str(_("%(year)s 年第 %(issue)s 期") % {"year": self.bulletin_year, "issue": self.bulletin_issue})


class Revision(models.Model):
    """The text of a report before one of the office's edits (the report holds the current text)."""

    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(_("标题"), max_length=200)
    situation = models.TextField(_("基本情况"))
    views = models.TextField(_("群众意见"), blank=True)
    suggestions = models.TextField(_("意见建议"))
    note = models.CharField(_("编辑说明"), max_length=200, blank=True)
    edited_by_user_id = models.BigIntegerField(null=True, blank=True)
    edited_at = models.DateTimeField(_("编辑时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("编辑前文本")
        verbose_name_plural = _("编辑前文本")
        ordering = ["edited_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.edited_at:%Y-%m-%d}"


class Adoption(models.Model):
    """采用 by the national committee (全国政协), recorded by the committee (the province records its own)."""

    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="adoptions")
    level = models.CharField(_("采用层级"), max_length=10, choices=Level.choices, default=Level.NATIONAL)
    adopted_on = models.DateField(_("采用日期"))
    issue = models.CharField(_("刊物期号"), max_length=50, blank=True)
    recorded_by_user_id = models.BigIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("上级采用")
        verbose_name_plural = _("上级采用")
        ordering = ["adopted_on", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "level"], name="opinions_adoption_once")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.adopted_on}"


class Instruction(models.Model):
    """批示: a leader's written instruction on a report."""

    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="instructions")
    leader = models.CharField(_("批示领导"), max_length=60, help_text=_("姓名及职务"))
    level = models.CharField(_("领导层级"), max_length=10, choices=Level.choices)
    instructed_on = models.DateField(_("批示日期"))
    text = models.TextField(_("批示内容"))
    recorded_by_user_id = models.BigIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["instructed_on", "id"]

    def __str__(self) -> str:
        return f"{self.leader} {self.instructed_on}"
