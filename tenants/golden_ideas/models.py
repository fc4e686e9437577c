"""金点子 selection: the committee's yearly call for its best proposals.

A committee opens one Selection (评选) per year; units recommend ideas by
filing the 申报表 (a GoldenIdea); reviewers score them; the office moves them
through the stages 推荐 → 初选 → 审定 → 表扬 (or 未入选). Every stage change is
kept in StageChange. These tables live in each committee's schema.
"""
from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The scale every criterion is scored on (declared once; forms, API and DB agree).
SCORE_MIN, SCORE_MAX = 1, 10
SCORE_MESSAGE = format_lazy(_("得分须在 {min} 到 {max} 分之间。"), min=SCORE_MIN, max=SCORE_MAX)
DEFAULT_CAP = 30

PHONE_PATTERN = r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$"
PHONE_MESSAGE = _("联系电话应为 11 位手机号（如 13800001234）或带区号的固定电话（如 028-26688888）。")
phone_validator = RegexValidator(PHONE_PATTERN, PHONE_MESSAGE, code="phone")


class Stage(models.TextChoices):
    RECOMMENDED = "recommended", _("推荐")
    SHORTLISTED = "shortlisted", _("初选")
    APPROVED = "approved", _("审定")
    COMMENDED = "commended", _("表扬")
    REJECTED = "rejected", _("未入选")


# Stages in board order; ideas in these count against the annual cap.
STAGE_ORDER = [Stage.RECOMMENDED, Stage.SHORTLISTED, Stage.APPROVED, Stage.COMMENDED, Stage.REJECTED]
CAPPED_STAGES = (Stage.APPROVED, Stage.COMMENDED)


class Category(models.Model):
    """评选类别: configurable per committee; the seven default ones are created with the first selection."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    scope = models.CharField(_("评选范围"), max_length=300, blank=True)
    responsible = models.CharField(_("责任单位"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("金点子类别")
        verbose_name_plural = _("金点子类别")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Selection(models.Model):
    """One year's 金点子 selection with its cap and stage deadlines."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    cap = models.PositiveSmallIntegerField(
        _("表扬上限"), default=DEFAULT_CAP, validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("每年进入审定、表扬的金点子最多件数"),
    )
    recommend_deadline = models.DateField(_("推荐截止"))
    shortlist_deadline = models.DateField(_("初选截止"))
    approve_deadline = models.DateField(_("审定截止"))
    plenary_on = models.DateField(
        _("表扬日期（全会）"), null=True, blank=True,
        help_text=_("次年全会日期；留空表示尚未确定，表扬不设截止"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("金点子评选")
        verbose_name_plural = _("金点子评选")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recommend_deadline__lte=models.F("shortlist_deadline"))
                & models.Q(shortlist_deadline__lte=models.F("approve_deadline")),
                name="golden_selection_deadlines_in_order",
                violation_error_message=_("截止日期须依次为：推荐 ≤ 初选 ≤ 审定。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} 年度金点子评选"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.plenary_on and self.approve_deadline and self.plenary_on < self.approve_deadline:
            raise ValidationError({"plenary_on": _("表扬日期（全会）不能早于审定截止日期。")})

    def deadline_for(self, stage: str) -> dt.date | None:
        """The last day on which an idea may enter `stage` (None: no deadline)."""
        return {
            Stage.RECOMMENDED: self.recommend_deadline,
            Stage.SHORTLISTED: self.shortlist_deadline,
            Stage.APPROVED: self.approve_deadline,
            Stage.COMMENDED: self.plenary_on,
        }.get(stage)


class Sharing(models.TextChoices):
    """Who outside the committee may find an idea through the shared search."""

    COMMITTEE = "committee", _("不共享（仅本政协）")
    PROVINCE = "province", _("与全省共享")
    PLATFORM = "platform", _("与全平台共享")


class GoldenIdea(models.Model):
    """申报表: one recommended idea, with every field of the seed's form, and its stage."""

    class ApplicantKind(models.TextChoices):
        MEMBER = "member", _("政协委员")
        STAFF = "staff", _("机关干部")
        UNIT = "unit", _("委（室）")
        PARTICIPANT = "participant", _("参加单位")

    selection = models.ForeignKey(Selection, verbose_name=_("评选"), on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("名称"), max_length=200)
    category = models.ForeignKey(Category, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="ideas")
    unit = models.ForeignKey(
        "structure.Unit", verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="golden_ideas"
    )
    applicant = models.CharField(_("申报对象"), max_length=100)
    applicant_kind = models.CharField(_("对象类型"), max_length=20, choices=ApplicantKind.choices)
    contact_name = models.CharField(_("联系人"), max_length=30)
    contact_phone = models.CharField(_("联系电话"), max_length=20, validators=[phone_validator])
    reason = models.TextField(_("推荐理由"), max_length=3000)
    unit_head_name = models.CharField(_("推荐委室负责人"), max_length=30)
    unit_head_confirmed = models.BooleanField(_("负责人已签字确认"), default=False)
    filed_on = models.DateField(_("填报时间"))
    preliminary_opinion = models.TextField(_("初评意见"), blank=True, max_length=2000)
    chair_opinion = models.TextField(_("主席会审议意见"), blank=True, max_length=2000)
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.RECOMMENDED)
    sharing = models.CharField(_("共享范围"), max_length=10, choices=Sharing.choices, default=Sharing.COMMITTEE)
    recommended_by_id = models.BigIntegerField(_("推荐人账号"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("金点子申报")
        verbose_name_plural = _("金点子申报")
        ordering = ["selection", "category__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "title"], name="golden_idea_unique_title_per_year",
                                    violation_error_message=_("本年度已有同名的金点子申报。")),
        ]
        indexes = [models.Index(fields=["selection", "stage"])]

    def __str__(self) -> str:
        return self.title


class Review(models.Model):
    """A reviewer's scores on the three criteria and opinion; one per reviewer and idea."""

    idea = models.ForeignKey(GoldenIdea, verbose_name=_("金点子"), on_delete=models.CASCADE, related_name="reviews")
    reviewer_id = models.BigIntegerField(_("评审人账号"))
    reviewer_name = models.CharField(_("评审人"), max_length=50)
    score_validators = [
        MinValueValidator(SCORE_MIN, message=SCORE_MESSAGE), MaxValueValidator(SCORE_MAX, message=SCORE_MESSAGE),
    ]
    political = models.PositiveSmallIntegerField(_("政治性"), validators=score_validators)
    innovative = models.PositiveSmallIntegerField(_("创新性"), validators=score_validators)
    effective = models.PositiveSmallIntegerField(_("成效性"), validators=score_validators)
    opinion = models.TextField(_("评审意见"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评审")
        verbose_name_plural = _("评审")
        ordering = ["idea", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "reviewer_id"], name="golden_review_one_per_reviewer"),
            models.CheckConstraint(
                condition=models.Q(political__gte=SCORE_MIN, political__lte=SCORE_MAX)
                & models.Q(innovative__gte=SCORE_MIN, innovative__lte=SCORE_MAX)
                & models.Q(effective__gte=SCORE_MIN, effective__lte=SCORE_MAX),
                name="golden_review_scores_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_name} · {self.idea}"

    @property
    def total(self) -> int:
        return self.political + self.innovative + self.effective


class StageChange(models.Model):
    """History: who moved an idea from which stage to which, and when."""

    idea = models.ForeignKey(GoldenIdea, verbose_name=_("金点子"), on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage.choices)
    actor_id = models.BigIntegerField(_("操作人账号"), null=True, blank=True)
    actor_name = models.CharField(_("操作人"), max_length=50)
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")
        ordering = ["idea", "at", "id"]

    def __str__(self) -> str:
        return f"{self.idea}: {self.from_stage or '—'} → {self.to_stage}"
